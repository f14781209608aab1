package org.dl4j.snn.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Peak and current resident set size of this process, from Linux's {@code /proc/self/status}.
 * Peak = {@code VmHWM} (the high-water mark of VmRSS, which counts heap, metaspace, code cache, native libraries'
 * touched pages and ND4J's off-heap buffers alike), in MiB; NaN where /proc is not available.
 */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    /** VmHWM in MiB, or NaN. */
    public static double peakRssMib() {
        return field("VmHWM:");
    }

    /** VmRSS in MiB, or NaN. */
    public static double rssMib() {
        return field("VmRSS:");
    }

    private static double field(String name) {
        try {
            return parse(Files.readAllLines(STATUS), name);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The value of a {@code "Name:   1234 kB"} line, in MiB; NaN when absent. */
    static double parse(List<String> statusLines, String name) {
        for (String line : statusLines) {
            if (line.startsWith(name)) {
                String[] parts = line.substring(name.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
