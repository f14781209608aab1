package org.dl4j.snn.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A user's own project ({@code integration-tests/user-project}: its own pom, depending only on
 * {@code org.dl4j.snn:dl4j-snn-layers} / {@code dl4j-snn-datasets} at this build's version, {@code nd4j-native} and
 * standard DL4J classes) built and tested with Maven, as README's "Use it in your project" tells users to.
 *
 * <p>The artifacts: the pom installs this build's parent pom and library jars into a temporary local repository
 * ({@code snn.user.repo}, under {@code target}; never {@code ~/.m2}) in {@code pre-integration-test}. The user
 * project's build uses that repository, offline ({@code -o}), with a settings file that mirrors every remote
 * repository by the local repository of the outer build as a {@code file://} URL ({@code snn.outer.repo}), so DL4J
 * and the Maven plugins come from what the outer build already downloaded, without network.
 */
class UserProjectIT {
    /** Measured 147 s with every test on a loaded 2-core machine (Maven, compiling, copying 160 MB of jars, tests). */
    private static final long TIMEOUT_S = 600;
    private static final Pattern SUITE = Pattern.compile(
            "<testsuite[^>]*?\\bname=\"([^\"]+)\"[^>]*?\\btests=\"(\\d+)\"[^>]*?\\berrors=\"(\\d+)\"[^>]*?"
                    + "\\bskipped=\"(\\d+)\"[^>]*?\\bfailures=\"(\\d+)\"");

    @Test
    void userProjectPassesItsTestsAgainstTheInstalledArtifacts() throws Exception {
        Path source = property("snn.user.project", "user-project");
        Path work = property("snn.user.work", "target/user-project");
        Path repo = property("snn.user.repo", "target/user-project-repo");
        Path outer = property("snn.outer.repo", System.getProperty("user.home") + "/.m2/repository");
        String version = System.getProperty("snn.version");
        Path mnist = property("snn.shared.dir", "../../shared").resolve("data/mnist-t10k");
        assertThat(source.resolve("pom.xml")).isRegularFile();
        assertThat(repo.resolve("org/dl4j/snn/dl4j-snn-layers/" + version + "/dl4j-snn-layers-" + version + ".jar"))
                .as("this build's jar, installed by the pom's maven-install-plugin (pre-integration-test)")
                .isRegularFile();
        assertThat(outer).as("the outer build's local repository").isDirectory();
        assertThat(mnist).as("the bundled MNIST digits").isDirectory();

        // A fresh copy of the project (its own folder: an empty .mvn stops Maven's search for the repository's).
        deleteTree(work);
        copyTree(source, work);
        Files.createDirectories(work.resolve(".mvn"));
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror>
                      <id>outer-build-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(repo, outer.toUri()));

        List<String> cmd = new ArrayList<>(List.of(mvn(), "-B", "-ntp", "-o", "-Daether.offline.protocols=file",
                "-s", settings.toString(), "-Ddl4j-snn.version=" + version, "-Dmnist.dir=" + mnist));
        cmd.add("test");
        Path log = work.resolve("build.log");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        String context = String.join(" ", cmd) + "\n(in " + work + ", full log " + log + ")\n" + tail(output, 200);
        assertThat(finished).as("the user project's build did not finish in %d s: %s", TIMEOUT_S, context).isTrue();
        assertThat(p.exitValue()).as("the user project's build failed: %s", context).isZero();

        Map<String, int[]> suites = suites(work.resolve("target/surefire-reports"));
        assertThat(suites).as("test classes run: %s", context)
                .containsKeys("org.example.snn.SpikingMlpTest", "org.example.snn.DenseBetweenSpikingLayersTest",
                        "org.example.snn.SpikingConvTest", "org.example.snn.SaveAndLoadTest",
                        "org.example.snn.StreamingTest", "org.example.snn.VectorApiTest");
        suites.forEach((name, n) -> assertThat(n[1] + n[3]).as("errors and failures of %s", name).isZero());
        assertThat(suites.values().stream().mapToInt(n -> n[0] - n[2]).sum()).as("tests run").isGreaterThanOrEqualTo(8);
    }

    private static Path property(String key, String fallback) {
        return Paths.get(System.getProperty(key, fallback)).toAbsolutePath().normalize();
    }

    private static String mvn() {
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Paths.get(home, "bin", "mvn"))) {
            return Paths.get(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    /** Per test class of the surefire reports: tests, errors, skipped, failures. */
    private static Map<String, int[]> suites(Path reports) throws IOException {
        Map<String, int[]> suites = new TreeMap<>();
        if (!Files.isDirectory(reports)) {
            return suites;
        }
        try (Stream<Path> files = Files.list(reports)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
                Matcher m = SUITE.matcher(Files.readString(f, StandardCharsets.UTF_8));
                if (m.find()) {
                    suites.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                            Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))});
                }
            }
        }
        return suites;
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.filter(p -> !from.relativize(p).startsWith("target")).forEach(p -> {
                try {
                    Path dst = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dst);
                    } else {
                        Files.copy(p, dst);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
