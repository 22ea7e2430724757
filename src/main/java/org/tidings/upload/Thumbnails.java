package org.tidings.upload;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * PNG thumbnails of PNG, JPEG, GIF (first frame) and WebP images. The image's size is read from
 * its header before anything is decoded, and images above {@code maxThumbnailPixels} are left
 * without a thumbnail, so a small file that claims to be 100,000 × 100,000 pixels (a
 * decompression bomb) costs nothing. Large images are decoded subsampled, never at full size.
 */
@Component
class Thumbnails {

    private static final Logger log = LoggerFactory.getLogger(Thumbnails.class);
    static final Set<String> TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    record Size(int width, int height) {}

    private final UploadSettings settings;

    Thumbnails(UploadSettings settings) {
        this.settings = settings;
        // Picks up the WebP reader (TwelveMonkeys) when it sits in a nested jar ImageIO did not scan.
        ImageIO.scanForPlugins();
    }

    /** Writes a thumbnail of {@code source} to {@code target}; empty when there is none to make. */
    Optional<Size> make(Path source, String mediaType, Path target) {
        if (!TYPES.contains(mediaType)) {
            return Optional.empty();
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(source.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.ofNullable(render(reader, target));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // A broken image is still a fine attachment, just without a preview.
            log.warn("thumbnail failed type={} cause={}", mediaType, e.toString());
            return Optional.empty();
        }
    }

    private Size render(ImageReader reader, Path target) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0 || (long) width * height > settings.maxThumbnailPixels()) {
            log.info("no thumbnail: image too large width={} height={}", width, height);
            return null;
        }
        int box = settings.thumbnailSize();
        // Decode at about twice the thumbnail's size (then scale smoothly): memory stays small.
        int step = Math.max(1, Math.max(width, height) / (box * 2));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage image = reader.read(0, param);
        double scale = Math.min(1.0, (double) box / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage thumb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = thumb.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        ImageIO.write(thumb, "png", temp.toFile());
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Size(w, h);
    }
}
