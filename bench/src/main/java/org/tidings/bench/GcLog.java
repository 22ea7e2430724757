package org.tidings.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The garbage collector's log of one Tidings JVM ({@code -Xlog:gc}), read from a mark to its end:
 * the longest stop-the-world pause while a scenario ran. Reading the log rather than the
 * collectors' MXBeans gives every pause, not only the last one per collector.
 */
final class GcLog {

    // "[12.345s][info][gc] GC(7) Pause Young (Allocation Failure) 95M->12M(123M) 3.456ms" (Serial,
    // Parallel, G1, Shenandoah: every stop-the-world pause says "Pause" and ends with its duration;
    // ZGC says it in gc+phases, "GC(3) Y: Pause Mark End 0.010ms"). A ZGC "Allocation Stall" stops
    // the stalled thread (an event loop, say) as a pause would: counted too.
    private static final Pattern PAUSE =
            Pattern.compile("\\b(?:Pause|Allocation Stall)\\b.*?([0-9]+(?:\\.[0-9]+)?)ms\\s*$");

    // Collections the benchmark itself asks for (jcmd GC.run before measuring the idle heap, and
    // GC.class_histogram with TIDINGS_BENCH_HISTOGRAM) are not the server's pauses; left out.
    private static final List<String> REQUESTED = List.of(
            "(System.gc())", "(Diagnostic Command)", "(Heap Inspection Initiated GC)", "(Heap Dump Initiated GC)");

    private final Path file;

    GcLog(Path file) {
        this.file = file;
    }

    /**
     * The JVM flag that writes this log: gc and gc+phases (where ZGC logs its pauses) at info,
     * uptime-stamped, never rotated (marks stay valid).
     */
    String flag() {
        return "-Xlog:gc,gc+phases:file=" + file + ":uptime,level,tags:filecount=0";
    }

    /** Where the log ends now: pauses after this point belong to what runs next. */
    long mark() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /** The longest pause logged since {@code mark}, in milliseconds (0 if none). */
    double longestPauseMillisSince(long mark) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            bytes = new byte[(int) Math.max(0, length - mark)];
            raf.seek(Math.min(mark, length));
            raf.readFully(bytes);
        }
        return longestPause(new String(bytes, StandardCharsets.UTF_8));
    }

    static double longestPause(String log) {
        double longest = 0;
        for (String line : log.split("\n")) {
            if (REQUESTED.stream().anyMatch(line::contains)) {
                continue;
            }
            Matcher pause = PAUSE.matcher(line);
            if (pause.find()) {
                longest = Math.max(longest, Double.parseDouble(pause.group(1)));
            }
        }
        return longest;
    }
}
