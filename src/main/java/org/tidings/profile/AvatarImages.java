package org.tidings.profile;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.tidings.web.ApiException;

/**
 * Turns an uploaded picture into square PNG avatars. The type comes from the bytes (the image
 * reader that recognises them), never from the declared Content-Type; the size is read from the
 * header before decoding, so a small file claiming huge dimensions (a decompression bomb) is
 * refused without being decoded, and large images are decoded subsampled.
 */
@Component
class AvatarImages {

    static final Set<Integer> SIZES = Set.of(64, 128);
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "webp");
    private static final long MAX_PIXELS = 40_000_000L;

    AvatarImages() {
        // The WebP reader (TwelveMonkeys) may sit in a nested jar ImageIO did not scan.
        ImageIO.scanForPlugins();
    }

    /** The PNG bytes of each size in {@link #SIZES}, cropped to the picture's central square. */
    Map<Integer, byte[]> render(byte[] picture) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(picture))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw notImage();
            }
            ImageReader reader = readers.next();
            try {
                if (!FORMATS.contains(reader.getFormatName().toLowerCase(java.util.Locale.ROOT))) {
                    throw notImage();
                }
                reader.setInput(in, true, true);
                return squares(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw notImage();
        }
    }

    private static Map<Integer, byte[]> squares(ImageReader reader) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "avatar_too_large", "The picture has too many pixels");
        }
        int side = Math.min(width, height);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceRegion(new java.awt.Rectangle((width - side) / 2, (height - side) / 2, side, side));
        // Decode at about twice the largest avatar: memory stays small for big photos.
        int step = Math.max(1, side / 256);
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage square = reader.read(0, param);
        return Map.of(64, png(square, 64), 128, png(square, 128));
    }

    private static byte[] png(BufferedImage source, int size) throws IOException {
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, size, size, null);
        } finally {
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        ImageIO.write(scaled, "png", out);
        return out.toByteArray();
    }

    private static ApiException notImage() {
        return new ApiException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "avatar_not_image",
                "The avatar must be a PNG, JPEG, GIF or WebP picture");
    }
}
