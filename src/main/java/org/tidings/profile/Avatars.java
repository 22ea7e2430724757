package org.tidings.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The avatars' files, {@code <uploads>/avatars/<user id>/<version>-<size>.png}, and the version
 * that names them. Public for erasing a user: {@link #remove} is what {@code DELETE /api/me/avatar}
 * does, and the erase-user job does the same.
 */
@Component
public class Avatars {

    private final Profiles profiles;
    private final Path dir;

    Avatars(Profiles profiles, @Value("${tidings.uploads.dir:./data/uploads}") Path uploads) {
        this.profiles = profiles;
        this.dir = uploads.resolve("avatars");
    }

    /** No avatar any more (version 0, {@code user.updated} to the contacts), and none of its files. */
    public void remove(long userId) {
        profiles.avatar(userId, 0);
        removeFiles(userId);
    }

    long store(long userId, Map<Integer, byte[]> pngs) {
        // Milliseconds: a new version for every upload, and never 0 (no avatar).
        long version = Math.max(1, System.currentTimeMillis());
        try {
            Files.createDirectories(dir.resolve(Long.toString(userId)));
            for (var png : pngs.entrySet()) {
                Path target = file(userId, version, png.getKey());
                Path temp = target.resolveSibling(target.getFileName() + ".tmp");
                Files.write(temp, png.getValue());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long previous = profiles.avatarVersion(userId);
        profiles.avatar(userId, version);
        removeVersion(userId, previous);
        return version;
    }

    Path file(long userId, long version, int size) {
        return dir.resolve(Long.toString(userId)).resolve(version + "-" + size + ".png");
    }

    private void removeVersion(long userId, long version) {
        if (version == 0) {
            return;
        }
        try {
            for (int size : AvatarImages.SIZES) {
                Files.deleteIfExists(file(userId, version, size));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeFiles(long userId) {
        Path folder = dir.resolve(Long.toString(userId));
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
