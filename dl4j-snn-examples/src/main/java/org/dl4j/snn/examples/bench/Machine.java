package org.dl4j.snn.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A one-line description of the machine a benchmark ran on: CPU model (Linux {@code /proc/cpuinfo}), logical cores,
 * memory ({@code /proc/meminfo}), OS and Java version, e.g.
 * {@code "Intel(R) Xeon(R) ... , 2 cores, 23.5 GiB, Linux 6.1, Java 17.0.15"}.
 */
final class Machine {
    private Machine() {}

    static String describe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
        String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        StringBuilder s = new StringBuilder(cpu == null ? System.getProperty("os.arch") : cpu);
        s.append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores");
        if (mem != null) {
            try {
                long kb = Long.parseLong(mem.replace("kB", "").trim());
                s.append(String.format(java.util.Locale.ROOT, ", %.1f GiB", kb / 1048576.0));
            } catch (NumberFormatException ignored) {
                // leave the memory out
            }
        }
        s.append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(", Java ").append(System.getProperty("java.version"));
        return s.toString();
    }

    /** The value after the colon of the first line starting with {@code key}, or null. */
    static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                if (l.startsWith(key)) {
                    int c = l.indexOf(':');
                    return c < 0 ? null : l.substring(c + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
