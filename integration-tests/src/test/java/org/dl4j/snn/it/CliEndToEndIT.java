package org.dl4j.snn.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The runnable jar from a user's point of view: help, version, and the default job on the bundled N-MNIST sample. */
class CliEndToEndIT {

    @Test
    void helpListsTheCommands() throws Exception {
        Jar.Run run = Jar.run(Jar.repo(), 120, "--help");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("Usage: dl4j-snn").contains("train");
    }

    @Test
    void versionNamesThisRelease() throws Exception {
        // The jar's manifest carries the pom's version (the release users depend on), printed by --version.
        Jar.Run run = Jar.run(Jar.repo(), 120, "--version");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("dl4j-snn " + System.getProperty("snn.version") + " (DL4J 1.0.0-M2.1");
    }

    @Test
    void defaultJobTrainsOnTheBundledSampleAndPrintsTestAccuracy() throws Exception {
        // The README's command 1 runs the jar with no arguments from the repository root; one epoch here.
        Jar.Run run = Jar.run(Jar.repo(), 1200, "train", "--epochs", "1");
        assertThat(run.exitCode()).as("stderr:\n" + run.stderr()).isZero();
        assertThat(run.stdout()).contains("epoch 1/1");
        Matcher m = Pattern.compile("(?m)^test accuracy: (0\\.\\d{4}|1\\.0000)$").matcher(run.stdout());
        assertThat(m.find()).as("a line 'test accuracy: 0.NNNN' in:\n" + run.stdout()).isTrue();
        double accuracy = Double.parseDouble(m.group(1));
        // One epoch on 1,000 real recordings must do far better than chance (0.1).
        assertThat(accuracy).isGreaterThan(0.5);
        assertThat(run.stderr()).doesNotContain("SLF4J: Class path contains multiple SLF4J bindings")
                .doesNotContain("No SLF4J providers").doesNotContain("StaticLoggerBinder");
    }
}
