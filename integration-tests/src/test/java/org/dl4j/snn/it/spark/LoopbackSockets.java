package org.dl4j.snn.it.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The network rule of the Spark tests, checked from Linux's {@code /proc}: every TCP or UDP socket of the given
 * processes is bound to a loopback address (never a wildcard or another interface), and every TCP connection goes to
 * a loopback address.
 */
final class LoopbackSockets {
    private LoopbackSockets() {
    }

    /** The process {@code pid} and all its descendants (a worker's executors). */
    static Set<Long> tree(ProcessHandle p) {
        Set<Long> pids = new LinkedHashSet<>();
        pids.add(p.pid());
        p.descendants().forEach(d -> pids.add(d.pid()));
        return pids;
    }

    /** One line per socket of {@code pids} that is not on loopback; empty when all are. */
    static List<String> violations(Set<Long> pids) {
        Map<String, Long> inodes = new HashMap<>();
        for (long pid : pids) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.put(target.substring(8, target.length() - 1), pid);
                        }
                    } catch (IOException e) {
                        // the descriptor closed meanwhile
                    }
                }
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        List<String> bad = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of("/proc/net", table));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                Long pid = inodes.get(f[9]);
                if (pid == null) {
                    continue;
                }
                boolean tcp = table.startsWith("tcp");
                boolean listening = tcp && f[3].equals("0A");
                boolean connected = tcp && f[3].equals("01");
                if (!isLoopback(f[1])) {
                    bad.add(table + " socket of pid " + pid + " bound to " + f[1] + (listening ? " (listening)" : ""));
                }
                if (connected && !isLoopback(f[2])) {
                    bad.add(table + " connection of pid " + pid + " to " + f[2]);
                }
            }
        }
        return bad;
    }

    /** Whether a {@code /proc/net} address ({@code HEXIP:PORT}, IPv4 or IPv6, little-endian words) is loopback. */
    static boolean isLoopback(String address) {
        String ip = address.substring(0, address.indexOf(':'));
        if (ip.length() == 8) {
            return ip.endsWith("7F");
        }
        return ip.equals("00000000000000000000000001000000")
                || (ip.startsWith("0000000000000000FFFF0000") && ip.endsWith("7F"));
    }
}
