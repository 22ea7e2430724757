package org.tidings.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one archive of a running (or stopped) embedded installation.
 *
 * <p>The database comes first, as {@code VACUUM INTO}: a read transaction, so the copy is the
 * database as of one commit while the server goes on writing beside it (WAL mode lets readers and
 * the writer pass each other), and it holds no free pages, so text erased before the backup is not
 * in it either. The files come after it: an attachment's file is in place before the row that
 * points at it commits, so every file of the snapshot exists by then; files added later come along
 * unreferenced and harmless, and a file erased between the two steps is missing, as it should be.
 * Unfinished uploads may have grown since the snapshot; {@link Restore} cuts them back to the
 * offset the snapshot acknowledged.
 */
final class Backup {

    static final String MANIFEST = "tidings-backup.properties";

    private final DataLayout layout;

    Backup(DataLayout layout) {
        this.layout = layout;
    }

    /** Writes the archive to {@code target} (replaced only once complete); progress in bytes archived. */
    Summary writeTo(Path target, LongConsumer progress) throws IOException, SQLException {
        if (!Files.isRegularFile(layout.database())) {
            throw new IOException("No database at " + layout.database() + " (is --data-dir right?)");
        }
        Path work = Files.createTempDirectory(target.toAbsolutePath().getParent(), ".tidings-backup");
        try {
            Instant takenAt = Instant.now();
            Path snapshot = work.resolve(DataLayout.DATABASE);
            snapshot(snapshot);
            Path partial = work.resolve("archive.zip");
            long files;
            long bytes;
            try (var zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                Counter counter = new Counter(progress);
                manifest(zip, takenAt);
                add(zip, snapshot, DataLayout.DATABASE, counter);
                // Unfinished uploads before the rest: one that finishes meanwhile moves from incoming/
                // to files/, and this order sees it in one place or the other, never in neither.
                Path incoming = layout.uploadsDir().resolve("incoming");
                files = addTree(zip, incoming, "uploads/incoming/", counter, path -> true)
                        + addTree(zip, layout.uploadsDir(), "uploads/", counter, path -> !path.startsWith(incoming))
                        + addTree(zip, layout.jobsDir(), "jobs/", counter, path -> true);
                bytes = counter.bytes;
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            return new Summary(takenAt, files, bytes);
        } finally {
            deleteTree(work);
        }
    }

    record Summary(Instant takenAt, long files, long bytes) {}

    private void snapshot(Path into) throws SQLException {
        try (Connection db = DriverManager.getConnection(layout.jdbcUrl());
                Statement statement = db.createStatement()) {
            // The server may hold the write lock for a moment; wait for it as the server's own
            // connections do rather than fail.
            statement.execute("PRAGMA busy_timeout = 10000");
            statement.execute("VACUUM INTO '" + into.toString().replace("'", "''") + "'");
        }
    }

    private static void manifest(ZipOutputStream zip, Instant takenAt) throws IOException {
        zip.putNextEntry(new ZipEntry(MANIFEST));
        zip.write(("format=1\ntakenAt=" + takenAt + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static long addTree(
            ZipOutputStream zip, Path root, String prefix, Counter counter, java.util.function.Predicate<Path> include)
            throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(include).filter(Files::isRegularFile).forEach(files::add);
        }
        long added = 0;
        for (Path file : files) {
            String name = prefix + root.relativize(file).toString().replace('\\', '/');
            try {
                add(zip, file, name, counter);
                added++;
            } catch (java.nio.file.NoSuchFileException gone) {
                // Deleted since the walk (erased, or a finished upload moved): not part of the snapshot.
            }
        }
        return added;
    }

    private static void add(ZipOutputStream zip, Path file, String name, Counter counter) throws IOException {
        try (var in = Files.newInputStream(file)) {
            zip.putNextEntry(new ZipEntry(name));
            in.transferTo(counter.wrap(zip));
            zip.closeEntry();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Counts bytes into the archive and reports them. */
    private static final class Counter {
        private final LongConsumer progress;
        private long bytes;

        Counter(LongConsumer progress) {
            this.progress = progress;
        }

        OutputStream wrap(OutputStream out) {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    count(1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    count(len);
                }
            };
        }

        private void count(long n) {
            bytes += n;
            progress.accept(bytes);
        }
    }
}
