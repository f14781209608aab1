package org.dl4j.snn.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code train --ui --ui-wait} keeps serving after training and stops on the first Ctrl-C (SIGINT) or SIGTERM, as
 * {@code dl4j-snn ui} does, with exit code 0 (the run is complete) and no stack trace.
 */
class UiWaitSignalIT {
    private static final Pattern TRAINING_DONE = Pattern.compile("^Training done; the UI keeps serving .*");

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void theFirstSignalAfterTrainingStopsTheUi(String signal, @TempDir Path tmp) throws Exception {
        Path data = SnnViewBrowserIT.smallNmnist(tmp.resolve("nmnist"), 3, 1);
        try (CliProcess train = CliProcess.start(CliProcess.repo(), tmp.resolve("stderr.txt"), "train",
                "--root", data.toString(), "--width", "8", "-T", "4", "--batch", "10", "--epochs", "1",
                "--no-progress", "--output", tmp.resolve("run").toString(), "--ui", "--ui-port", "0", "--ui-wait")) {
            train.awaitLine(TRAINING_DONE, Duration.ofSeconds(150));
            long t0 = System.nanoTime();

            int exit = train.signal(signal, Duration.ofSeconds(20));

            assertThat(exit).as(train.stderr()).isZero();
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds to stop").isLessThan(20);
            assertThat(train.stdout()).contains("Stopping the UI");
            assertThat(train.stderr()).contains("SIG" + signal).doesNotContain("\tat ");
            assertThat(tmp.resolve("run/model.zip")).isRegularFile();
        }
    }
}
