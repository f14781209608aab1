package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.dl4j.snn.examples.ui.SnnUi;
import org.dl4j.snn.examples.ui.TrainingUi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class UiOptionsTest {

    /** A command with the mixin, as TrainCommand has it. */
    @Command(name = "train")
    static final class Train {
        @Mixin
        UiOptions ui = new UiOptions();
    }

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @AfterEach
    void stopUi() {
        SnnUi.stop();
    }

    static UiOptions parse(String... args) {
        Train t = new Train();
        new CommandLine(t).parseArgs(args);
        return t.ui;
    }

    @Test
    void defaultsAreLoopbackPort9000AndAReportEvery10Iterations() {
        UiOptions o = parse("--ui");
        assertThat(o.ui()).isTrue();
        assertThat(o.address.host()).isEqualTo("127.0.0.1");
        assertThat(o.address.port()).isEqualTo(9000);
        assertThat(o.statsEvery).isEqualTo(10);
        assertThat(o.statsFile()).isNull();
    }

    @Test
    void withoutUiOrStatsFileTheUiIsInactive() throws Exception {
        try (TrainingUi ui = parse().open(out)) {
            assertThat(ui.active()).isFalse();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void badCombinationsAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> parse("--ui-wait").open(out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--ui-wait needs --ui");
        assertThatThrownBy(() -> parse("--ui", "--stats-every", "0").open(out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--stats-every must be >= 1, got 0");
        assertThat(SnnUi.isRunning()).isFalse();
    }
}
