package org.tidings.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.tidings.job.JobSettings;
import org.tidings.storage.DatabaseSettings;

/**
 * The archives administrators take from the client: {@code <data-dir>/backups/tidings-<UTC
 * timestamp>.zip}. Names are only ever ones this class made, so a name from a request is matched
 * against that exact shape before it comes near the file system (no separators, no dots to climb).
 */
@Component
class BackupArchives {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("tidings-[0-9]{8}T[0-9]{9}Z\\.zip");

    record Archive(String name, long size, Instant modifiedAt) {}

    private final DataLayout layout;
    private final Path dir;
    private final boolean supported;
    private final int keep;

    // The uploads' settings are the upload feature's own; their directory is all a backup needs.
    BackupArchives(
            DatabaseSettings database,
            @Value("${tidings.uploads.dir}") Path uploads,
            JobSettings jobs,
            @Value("${tidings.backup.keep:0}") int keep) {
        this.keep = keep;
        this.layout = new DataLayout(database.dataDir(), uploads, jobs.dir());
        this.dir = database.dataDir().resolve("backups");
        this.supported = !database.hasUrl();
    }

    /** Online backups are of the embedded SQLite database; PostgreSQL has pg_dump. */
    boolean supported() {
        return supported;
    }

    String newName(Instant at) {
        return "tidings-" + STAMP.format(at) + ".zip";
    }

    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The archive's path if {@code name} is one of ours and exists. */
    Optional<Path> find(String name) {
        if (!validName(name)) {
            return Optional.empty();
        }
        Path file = dir.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    Path pathOf(String name) {
        if (!validName(name)) {
            throw new IllegalArgumentException("not a backup name: " + name);
        }
        return dir.resolve(name);
    }

    /** Newest first; a temporary directory of a backup under way is not an archive. */
    List<Archive> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> validName(file.getFileName().toString()))
                    .filter(Files::isRegularFile)
                    .map(BackupArchives::describe)
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparing(Archive::name).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * After a successful backup: deletes all but the newest {@code tidings.backup.keep} archives
     * (0, the default, keeps every one). Returns the names deleted, oldest last.
     */
    List<String> prune() throws IOException {
        List<Archive> archives = list();
        if (keep <= 0 || archives.size() <= keep) {
            return List.of();
        }
        List<String> deleted = new ArrayList<>();
        for (Archive old : archives.subList(keep, archives.size())) {
            Files.deleteIfExists(dir.resolve(old.name()));
            deleted.add(old.name());
        }
        return deleted;
    }

    private static Optional<Archive> describe(Path file) {
        try {
            return Optional.of(new Archive(
                    file.getFileName().toString(),
                    Files.size(file),
                    Files.getLastModifiedTime(file).toInstant()));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    /** Bytes the archive will roughly hold (before compression): the progress bar's total. */
    long estimate() {
        return size(layout.database()) + tree(layout.uploadsDir()) + tree(layout.jobsDir());
    }

    Backup.Summary write(String name, java.util.function.LongConsumer progress) throws Exception {
        Files.createDirectories(dir);
        return new Backup(layout).writeTo(pathOf(name), progress);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long tree(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(BackupArchives::size)
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
