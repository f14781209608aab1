package org.dl4j.snn.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code dl4j-snn.jar} in its own JVM, as a user would, and captures what it prints. */
final class Jar {
    /** Exit code and the two output streams of one run. */
    record Run(int exitCode, String stdout, String stderr) {}

    private Jar() {}

    static Path path() {
        Path jar = Paths.get(System.getProperty("snn.cli.jar", "../dl4j-snn-examples/target/dl4j-snn.jar"));
        assertThat(jar).as("the runnable jar (built by mvn package)").isRegularFile();
        return jar;
    }

    static Path repo() {
        return Paths.get(System.getProperty("snn.repo.dir", "..")).toAbsolutePath().normalize();
    }

    static Run run(Path workDir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-jar",
                path().toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("dl4j-snn-out", ".txt");
        Path err = Files.createTempFile("dl4j-snn-err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("dl4j-snn " + String.join(" ", args) + " did not finish in " + timeoutSeconds
                    + " s; stdout so far:\n" + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
