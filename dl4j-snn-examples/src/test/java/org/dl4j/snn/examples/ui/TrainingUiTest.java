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

class TrainingUiTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @AfterEach
    void stopUi() {
        SnnUi.stop();
    }

    /** Opens on loopback (the options' parsing is UiOptionsTest's). */
    private TrainingUi open(boolean ui, int port, Path statsFile, int every, boolean waitAfterTraining) {
        return TrainingUi.open(ui, SnnUi.DEFAULT_HOST, port, statsFile, every, waitAfterTraining, out);
    }

    @Test
    void withoutUiOrStatsFileNothingIsRecordedOrServed() throws Exception {
        try (TrainingUi ui = open(false, SnnUi.DEFAULT_PORT, null, 10, false)) {
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
    void badCombinationsAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> open(false, SnnUi.DEFAULT_PORT, null, 10, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--ui-wait needs --ui");
        assertThatThrownBy(() -> open(true, SnnUi.DEFAULT_PORT, null, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--stats-every must be >= 1, got 0");
        assertThat(SnnUi.isRunning()).isFalse();
    }

    @Test
    void uiServesTheTrainingWhileItRunsAndPrintsItsUrls() throws Exception {
        MultiLayerNetwork net = TinySnn.network();
        try (TrainingUi ui = open(true, 0, null, 1, false)) {
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
        try (TrainingUi ui = open(false, SnnUi.DEFAULT_PORT, file, 2, false)) {
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
        assertThatThrownBy(() -> open(false, SnnUi.DEFAULT_PORT, dir.resolve("x"), 10, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a folder");
    }
}
