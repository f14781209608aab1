package org.dl4j.snn.examples.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line on the machine: CPU model, logical cores, memory, OS, Java (for the results files). */
final class Machine {
    private Machine() {}

    static String describe() {
        String cpu = value(Path.of("/proc/cpuinfo"), "model name");
        String mem = value(Path.of("/proc/meminfo"), "MemTotal");
        StringBuilder s = new StringBuilder(cpu == null ? System.getProperty("os.arch") : cpu);
        s.append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores");
        if (mem != null) {
            try {
                s.append(String.format(Locale.ROOT, ", %.1f GiB", Long.parseLong(mem.replace("kB", "").trim())
                        / 1048576.0));
            } catch (NumberFormatException ignored) {
                // memory left out
            }
        }
        return s.append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(", Java ").append(System.getProperty("java.version")).append(" (")
                .append(System.getProperty("java.vm.name")).append(')').toString();
    }

    private static String value(Path file, String key) {
        try {
            for (String l : Files.readAllLines(file)) {
                if (l.startsWith(key) && l.indexOf(':') > 0) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }
}
