package org.dl4j.snn.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged {@code dl4j-snn.jar} running in its own JVM while the test talks to it: its stdout is read line by
 * line as it comes (to find the UI's URL), its stderr goes to a file, and {@link #close} stops it as Ctrl-C would.
 */
final class CliProcess implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final List<String> lines = new ArrayList<>();

    private CliProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::readStdout, "dl4j-snn-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java -Xmx2g -jar dl4j-snn.jar args...} in {@code workDir}, stderr to {@code stderr}. */
    static CliProcess start(Path workDir, Path stderr, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        Files.createDirectories(stderr.toAbsolutePath().getParent());
        return new CliProcess(new ProcessBuilder(cmd).directory(workDir.toFile()).redirectError(stderr.toFile())
                .start(), stderr);
    }

    /**
     * Waits for a stdout line matching {@code pattern} and returns its match.
     *
     * @throws AssertionError with everything printed so far if none comes within {@code timeout} or the process ends
     */
    Matcher awaitLine(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (String l : lines) {
                    Matcher m = pattern.matcher(l);
                    if (m.matches()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    // Let the reader take the last lines of a process that just ended.
                    lines.wait(200);
                    throw new AssertionError((process.isAlive() ? "no line matching " + pattern + " within " + timeout
                            : "dl4j-snn exited with " + process.waitFor() + " before a line matching " + pattern)
                            + "\nstdout:\n" + String.join("\n", lines) + "\nstderr:\n" + Files.readString(stderr));
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
            }
        }
    }

    /** Everything printed on stdout so far. */
    List<String> stdout() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** What was printed on stderr so far. */
    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /**
     * Sends {@code signal} ({@code INT} as Ctrl-C does, {@code TERM}) once and waits for the process to end.
     *
     * @return its exit code
     * @throws AssertionError if it is still running after {@code timeout}
     */
    int signal(String signal, Duration timeout) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor())
                .as("kill -" + signal).isZero();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("dl4j-snn still running " + timeout.toSeconds() + " s after one SIG" + signal
                    + "\nstdout:\n" + String.join("\n", stdout()) + "\nstderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** Stops the process with SIGTERM (shutdown hooks run: the UI stops, stats files are closed). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void readStdout() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process was stopped.
        }
    }

    private static Path jar() {
        Path jar = Paths.get(System.getProperty("snn.cli.jar", "../dl4j-snn-examples/target/dl4j-snn.jar"));
        assertThat(jar).as("the runnable jar (built by mvn package)").isRegularFile();
        return jar.toAbsolutePath();
    }

    static Path repo() {
        return Paths.get(System.getProperty("snn.repo.dir", "..")).toAbsolutePath().normalize();
    }
}
