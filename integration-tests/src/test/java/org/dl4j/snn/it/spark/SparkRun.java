package org.dl4j.snn.it.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code dl4j-snn-spark.jar} in its own JVM as a user would ({@code java -jar}), with Spark bound to loopback
 * ({@code SPARK_LOCAL_IP}), watching the sockets of the run and of the given other processes (the cluster) while it
 * runs, and captures what it prints. The JVM is stopped at the time limit.
 */
final class SparkRun {
    /** Java 17 options Spark's own processes need (the jar's manifest carries them for {@code java -jar}). */
    static final List<String> ADD_OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io",
            "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch",
            "sun.nio.cs", "sun.security.action", "sun.util.calendar").stream()
            .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED").toList();

    record Result(int exitCode, String stdout, String stderr, List<String> networkViolations) {
        String both() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }

        double accuracy() {
            Matcher m = Pattern.compile("(?m)^test accuracy: (\\d\\.\\d{4})$").matcher(stdout);
            assertThat(m.find()).as("a line 'test accuracy: 0.NNNN' in:\n" + both()).isTrue();
            return Double.parseDouble(m.group(1));
        }
    }

    private SparkRun() {
    }

    static Path jar() {
        Path jar = Paths.get(System.getProperty("snn.spark.jar", "../dl4j-snn-examples/target/dl4j-snn-spark.jar"));
        assertThat(jar).as("the Spark jar (built by mvn -Pspark package)").isRegularFile();
        return jar.toAbsolutePath();
    }

    static Path repo() {
        return Paths.get(System.getProperty("snn.repo.dir", "..")).toAbsolutePath().normalize();
    }

    static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Loopback-only environment of every Spark process. */
    static void loopbackEnv(Map<String, String> env) {
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OMP_NUM_THREADS", "1");
    }

    static Result train(long timeoutSeconds, Collection<ProcessHandle> watched, List<String> jvmOptions,
                        String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx2g"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar().toString(), "train"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("dl4j-snn-spark-out", ".txt");
        Path err = Files.createTempFile("dl4j-snn-spark-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        loopbackEnv(pb.environment());
        Process p = pb.start();
        List<String> violations = new CopyOnWriteArrayList<>();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!p.waitFor(1, TimeUnit.SECONDS)) {
                List<ProcessHandle> all = new ArrayList<>(watched);
                all.add(p.toHandle());
                for (ProcessHandle h : all) {
                    for (String v : LoopbackSockets.violations(LoopbackSockets.tree(h))) {
                        if (!violations.contains(v)) {
                            violations.add(v);
                        }
                    }
                }
                if (System.nanoTime() > until) {
                    throw new AssertionError("dl4j-snn-spark " + String.join(" ", args) + " did not finish in "
                            + timeoutSeconds + " s; stdout so far:\n" + Files.readString(out));
                }
            }
        } finally {
            Cluster.stop(p.toHandle());
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), violations);
        // The run's own lines (header, per epoch, accuracy) into the test report.
        r.stdout().lines().filter(l -> l.startsWith("dl4j-snn train") || l.startsWith("spark:")
                || l.startsWith("epoch ") || l.startsWith("test accuracy")).forEach(System.out::println);
        return r;
    }
}
