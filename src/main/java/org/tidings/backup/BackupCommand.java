package org.tidings.backup;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar tidings.jar backup FILE [--data-dir DIR]} and {@code java -jar tidings.jar
 * restore FILE --data-dir DIR}. The data directory defaults as the server's does
 * ({@code TIDINGS_DATA_DIR}, else {@code ./data}); a backup runs beside a serving server, a restore
 * needs an empty directory and no server on it.
 */
public final class BackupCommand {

    private BackupCommand() {}

    /** The command named by {@code args}, if it is one of these, else empty (the server starts). */
    public static Optional<Integer> run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !(args[0].equals("backup") || args[0].equals("restore"))) {
            return Optional.empty();
        }
        try {
            Arguments parsed = Arguments.parse(args);
            DataLayout layout = DataLayout.under(parsed.dataDir());
            if (args[0].equals("backup")) {
                var summary = new Backup(layout).writeTo(parsed.file(), bytes -> {});
                out.printf(
                        "Backup of %s written to %s: database as of %s, %d files, %d bytes%n",
                        layout.dataDir(), parsed.file(), summary.takenAt(), summary.files(), summary.bytes());
            } else {
                if (!parsed.dataDirGiven()) {
                    throw new IllegalArgumentException("restore needs --data-dir DIR (an empty directory)");
                }
                long files = new Restore(layout).from(parsed.file());
                out.printf(
                        "Restored %s into %s (%d entries). Clients' cursors from before are answered with"
                                + " 410 cursor_expired and reload.%n",
                        parsed.file(), layout.dataDir(), files);
            }
            return Optional.of(0);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("usage: java -jar tidings.jar backup FILE [--data-dir DIR]");
            err.println("       java -jar tidings.jar restore FILE --data-dir DIR");
            return Optional.of(2);
        } catch (Exception e) {
            err.println(args[0] + " failed: " + e.getMessage());
            return Optional.of(1);
        }
    }

    private record Arguments(Path file, Path dataDir, boolean dataDirGiven) {

        static Arguments parse(String[] args) {
            List<String> positional = new ArrayList<>();
            Path dataDir = null;
            for (int i = 1; i < args.length; i++) {
                if (args[i].equals("--data-dir") && i + 1 < args.length) {
                    dataDir = Path.of(args[++i]);
                } else if (args[i].startsWith("--data-dir=")) {
                    dataDir = Path.of(args[i].substring("--data-dir=".length()));
                } else if (args[i].startsWith("--")) {
                    throw new IllegalArgumentException("Unknown option " + args[i]);
                } else {
                    positional.add(args[i]);
                }
            }
            if (positional.size() != 1) {
                throw new IllegalArgumentException(args[0] + " needs exactly one FILE");
            }
            String fromEnv = System.getenv("TIDINGS_DATA_DIR");
            Path fallback = Path.of(fromEnv == null || fromEnv.isBlank() ? "./data" : fromEnv);
            return new Arguments(Path.of(positional.getFirst()), dataDir == null ? fallback : dataDir, dataDir != null);
        }
    }
}
