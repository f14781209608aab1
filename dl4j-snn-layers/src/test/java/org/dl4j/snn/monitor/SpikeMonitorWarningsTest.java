package org.dl4j.snn.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

/** SpikeMonitor warns, once per epoch, about a layer that is fully dead or fully saturated, naming the cures. */
class SpikeMonitorWarningsTest {
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SpikeMonitor.class);

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** One epoch of two batches in which the "spikes" layer (identity of the input) sees {@code value} everywhere. */
    private static List<MonitorRecord> epochOf(float value) {
        MultiLayerNetwork net = SpikeMonitorListenerTest.mln(WorkspaceMode.ENABLED);
        DataSet d = new DataSet(Nd4j.valueArrayOf(new long[] {2, 3, 4}, value, DataType.FLOAT),
                Nd4j.zeros(DataType.FLOAT, 2, 2, 4));
        try (SpikeMonitor monitor = SpikeMonitor.builder().spikingLayers(l -> l instanceof ActivationLayer).build()) {
            net.setListeners(monitor);
            net.fit(new ListDataSetIterator<>(List.of(d, d), 1));
            return monitor.records();
        }
    }

    @Test
    void aFullyDeadLayerIsLoggedWithItsNameAndTheCures() {
        List<MonitorRecord> records = epochOf(0f);
        assertThat(records).singleElement().satisfies(r -> assertThat(r.spikes().fullyDead()).isTrue());
        assertThat(warnings()).singleElement().asString()
                .contains("epoch 0", "'spikes'", "is dead", "none of its 3 neurons spiked", "lower threshold",
                        "learnTheta", "input scaling", "WeightInitSpiking", "TimeBatchNorm");
    }

    @Test
    void aFullySaturatedLayerIsLoggedWithItsNameAndTheCures() {
        epochOf(1f);
        assertThat(warnings()).singleElement().asString()
                .contains("'spikes'", "is saturated", "every step of every sample", "higher threshold", "learnTheta");
    }

    @Test
    void aLayerWithSomeLiveNeuronsIsNotWarnedAbout() {
        SpikeSummary mixed = SpikeSummary.of(new double[] {0, 3, 8}, 2, 8);
        assertThat(mixed.fullyDead()).isFalse();
        assertThat(mixed.fullySaturated()).isFalse();
        assertThat(mixed.warning("layer 'x'")).isEmpty();
        epochOf(0.5f); // not a spike value, but neither 0 nor 1 at every step: no warning
        assertThat(warnings()).isEmpty();
    }
}
