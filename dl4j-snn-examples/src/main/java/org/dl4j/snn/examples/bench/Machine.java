package org.dl4j.snn.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A one-line description of the machine a measurement ran on, for the documents that record results ({@code bench
 * --doc}'s block of {@code performance.md}, the experiment runner's reports): CPU model (Linux {@code /proc/cpuinfo}),
 * logical cores, memory ({@code /proc/meminfo}), OS and Java version, e.g.
 * {@code "Intel(R) Xeon(R) ... , 2 cores, 23.5 GiB, Linux 6.1, Java 17.0.15"}.
 */
public final class Machine {
    private Machine() {}

    /** CPU, cores, memory, OS, Java version. */
    public static String describe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
        String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        StringBuilder s = new StringBuilder(cpu == null ? System.getProperty("os.arch") : cpu);
        s.append(", ").append(cores(Runtime.getRuntime().availableProcessors()));
        if (mem != null) {
            try {
                long kb = Long.parseLong(mem.replace("kB", "").trim());
                s.append(String.format(Locale.ROOT, ", %.1f GiB", kb / 1048576.0));
            } catch (NumberFormatException ignored) {
                // leave the memory out
            }
        }
        s.append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(", Java ").append(System.getProperty("java.version"));
        return s.toString();
    }

    /** "1 core", "2 cores": the logical cores this JVM may use (fewer than the machine's under taskset or a quota). */
    static String cores(int n) {
        return n + (n == 1 ? " core" : " cores");
    }

    /** {@link #describe()} and the JVM's name: {@code "..., Java 17.0.15 (OpenJDK 64-Bit Server VM)"}. */
    public static String describeWithVm() {
        return describe() + " (" + System.getProperty("java.vm.name") + ')';
    }

    /** The value after the colon of the first line starting with {@code key} that has one, or null. */
    static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                int c = l.indexOf(':');
                if (l.startsWith(key) && c > 0) {
                    return l.substring(c + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
