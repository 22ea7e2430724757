package org.tidings.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks an archive of {@link Backup} into an empty data directory, then makes the copy safe to
 * serve from:
 *
 * <ul>
 *   <li>The event log gets a new epoch. Every cursor a client holds from before (from the backup's
 *       moment or from later, when the old server went on) is then refused with 410
 *       {@code cursor_expired} and the client reloads its state, rather than resuming from a position
 *       that the restored log may reuse for different events.
 *   <li>An unfinished upload's bytes are cut back to the offset the snapshot acknowledged (they kept
 *       growing while the backup ran), or its offset moved back to the bytes there are, so a tus
 *       client's HEAD answers the truth and it resumes from there.
 * </ul>
 */
final class Restore {

    private final DataLayout layout;

    Restore(DataLayout layout) {
        this.layout = layout;
    }

    long from(Path archive) throws IOException, SQLException {
        if (Files.exists(layout.dataDir())) {
            try (var entries = Files.list(layout.dataDir())) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(
                            "Restore needs an empty data directory; " + layout.dataDir() + " is not empty");
                }
            }
        }
        Files.createDirectories(layout.dataDir());
        long files = unpack(archive);
        if (!Files.isRegularFile(layout.database())) {
            throw new IOException(archive + " is not a Tidings backup (no " + DataLayout.DATABASE + " in it)");
        }
        try (Connection db = DriverManager.getConnection(layout.jdbcUrl())) {
            newEpoch(db);
            reconcileUnfinishedUploads(db);
        }
        return files;
    }

    private long unpack(Path archive) throws IOException {
        long files = 0;
        boolean manifest = false;
        Path root = layout.dataDir().toAbsolutePath().normalize();
        try (var zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().equals(Backup.MANIFEST)) {
                    manifest = true;
                    continue;
                }
                Path target = target(root, entry.getName());
                if (entry.isDirectory()) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target);
                files++;
            }
        }
        if (!manifest) {
            throw new IOException(archive + " is not a Tidings backup (no " + Backup.MANIFEST + ")");
        }
        return files;
    }

    /** Where an entry goes: the database, or under the uploads or jobs directory; nothing else. */
    private Path target(Path root, String name) throws IOException {
        Path target;
        if (name.equals(DataLayout.DATABASE)) {
            target = layout.database();
        } else if (name.startsWith("uploads/")) {
            target = layout.uploadsDir().resolve(name.substring("uploads/".length()));
        } else if (name.startsWith("jobs/")) {
            target = layout.jobsDir().resolve(name.substring("jobs/".length()));
        } else {
            throw new IOException("Unexpected entry in the backup: " + name);
        }
        Path normal = target.toAbsolutePath().normalize();
        Path base = name.startsWith("uploads/")
                ? layout.uploadsDir().toAbsolutePath().normalize()
                : name.startsWith("jobs/") ? layout.jobsDir().toAbsolutePath().normalize() : root;
        // A crafted archive ("uploads/../../etc/passwd") must not write outside the data.
        if (!normal.startsWith(base)) {
            throw new IOException("Entry escapes the data directory: " + name);
        }
        return normal;
    }

    private static void newEpoch(Connection db) throws SQLException {
        byte[] random = new byte[8];
        new java.security.SecureRandom().nextBytes(random);
        try (PreparedStatement update = db.prepareStatement("UPDATE stream_head SET epoch = ? WHERE id = 1")) {
            update.setString(1, HexFormat.of().formatHex(random));
            if (update.executeUpdate() != 1) {
                throw new SQLException("The backup's database has no event log head");
            }
        }
    }

    private void reconcileUnfinishedUploads(Connection db) throws SQLException, IOException {
        record Unfinished(String id, long received) {}
        List<Unfinished> unfinished = new ArrayList<>();
        try (Statement query = db.createStatement();
                ResultSet rows = query.executeQuery("SELECT id, received FROM uploads WHERE state = 'uploading'")) {
            while (rows.next()) {
                unfinished.add(new Unfinished(rows.getString(1), rows.getLong(2)));
            }
        }
        for (Unfinished upload : unfinished) {
            Path file = layout.uploadsDir().resolve("incoming").resolve(upload.id());
            Files.createDirectories(file.getParent());
            try (var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                if (channel.size() >= upload.received()) {
                    channel.truncate(upload.received());
                    continue;
                }
                try (PreparedStatement update = db.prepareStatement("UPDATE uploads SET received = ? WHERE id = ?")) {
                    update.setLong(1, channel.size());
                    update.setString(2, upload.id());
                    update.executeUpdate();
                }
            }
        }
    }
}
