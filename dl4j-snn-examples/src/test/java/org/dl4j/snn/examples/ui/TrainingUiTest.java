package org.dl4j.snn.examples.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.dl4j.snn.monitor.MonitorRecord;
import org.dl4j.snn.monitor.SpikeMonitor;
import org.dl4j.snn.monitor.storage.SpikeMonitorReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TrainingUiTest {

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
    void withoutUiOrStatsFileNothingIsRecordedOrServed() throws Exception {
        try (TrainingUi ui = parse().open(out)) {
            assertThat(ui.active()).isFalse();
            MultiLayerNetwork net = TinySnn.network();
            SpikeMonitor monitor = ui.attach(net, SpikeMonitor.builder());
            assertThat(ui.listeners()).isNull();
            // Only the monitor: no DL4J stats listener without a storage to post to.
            assertThat(net.getListeners()).containsExactly(monitor);
            net.fit(TinySnn.batch(0));
            ui.trainingDone();
            assertThat(monitor.records()).isNotEmpty();
        }
        assertThat(SnnUi.isRunning()).isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
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
    void badCombinationsAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> parse("--ui-wait").open(out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--ui-wait needs --ui");
        assertThatThrownBy(() -> parse("--ui", "--stats-every", "0").open(out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--stats-every must be >= 1, got 0");
        assertThat(SnnUi.isRunning()).isFalse();
    }

    @Test
    void uiServesTheTrainingWhileItRunsAndPrintsItsUrls() throws Exception {
        MultiLayerNetwork net = TinySnn.network();
        try (TrainingUi ui = parse("--ui", "--ui-port", "0", "--stats-every", "1").open(out)) {
            String text = printed.toString(StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("(?m)^SNN view: (http://127\\.0\\.0\\.1:\\d+/snn)$").matcher(text);
            assertThat(m.find()).as(text).isTrue();
            assertThat(text).containsPattern("(?m)^Training UI: http://127\\.0\\.0\\.1:\\d+/train/overview$");
            URI snn = URI.create(m.group(1));

            SpikeMonitor monitor = ui.attach(net, SpikeMonitor.builder());
            UiListeners listeners = ui.listeners();
            assertThat(net.getListeners()).containsExactly(listeners.statsListener(), monitor);
            for (int i = 0; i < 3; i++) {
                net.fit(TinySnn.batch(i));
            }
            // Window records reach the page's data while training runs (every iteration here).
            String data = SnnUiServerTest.get(snn.resolve("/snn/data")).body();
            assertThat(data).contains("\"session\":\"" + listeners.sessionId() + "\"", "\"kind\":\"iterations\"",
                    "\"name\":\"hidden\"");
            ui.trainingDone();
            assertThat(monitor.records()).extracting(MonitorRecord::kind)
                    .contains(MonitorRecord.Kind.EPOCH);
        }
        assertThat(SnnUi.isRunning()).isFalse();
    }

    @Test
    void statsFileKeepsTheRunForLaterViewing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runs/a/stats.dl4j");
        MultiLayerNetwork net = TinySnn.network();
        String session;
        try (TrainingUi ui = parse("--stats-file", file.toString(), "--stats-every", "2").open(out)) {
            assertThat(SnnUi.isRunning()).isFalse();
            ui.attach(net, SpikeMonitor.builder());
            session = ui.listeners().sessionId();
            for (int i = 0; i < 4; i++) {
                net.fit(TinySnn.batch(i));
            }
            ui.trainingDone();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Stats file: " + file.toAbsolutePath());
        assertThat(file).isRegularFile();
        StatsStorage reopened = new FileStatsStorage(file.toFile());
        try {
            assertThat(SpikeMonitorReport.readAll(reopened, session, UiListeners.WORKER_ID))
                    .extracting(MonitorRecord::kind).containsExactly(MonitorRecord.Kind.ITERATIONS,
                            MonitorRecord.Kind.ITERATIONS, MonitorRecord.Kind.EPOCH);
            assertThat(reopened.listTypeIDsForSession(session)).contains("StatsListener");
        } finally {
            reopened.close();
        }
    }

    @Test
    void aStatsFileThatIsAFolderIsRejected(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("x"));
        assertThatThrownBy(() -> parse("--stats-file", dir.resolve("x").toString()).open(out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a folder");
    }
}
