package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.dl4j.snn.examples.ui.SnnUi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UiCommandTest {

    @Test
    void aMissingStatsFileIsAUsageErrorNamingTheFileAndStartsNothing(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new UiCommand()).setErr(new PrintWriter(err));
        Path missing = dir.resolve("missing.dl4j");

        int code = cli.execute("--stats-file", missing.toString(), "--ui-port", "0");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--stats-file " + missing + ": no such file");
        assertThat(SnnUi.isRunning()).isFalse();
    }

    @Test
    void statsFileIsRequiredAndTheAddressDefaultsToLoopback() {
        UiCommand c = new UiCommand();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(c).setErr(new PrintWriter(err));
        assertThat(cli.execute()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--stats-file=FILE'");
        cli.parseArgs("--stats-file", "x.dl4j");
        assertThat(c.address.host()).isEqualTo("127.0.0.1");
        assertThat(c.address.port()).isEqualTo(9000);
    }
}
