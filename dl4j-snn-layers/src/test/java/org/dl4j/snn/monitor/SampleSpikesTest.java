package org.dl4j.snn.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dl4j.snn.monitor.internal.SpikeCountsTest.dense;

import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.dl4j.snn.monitor.internal.SpikeCounts;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class SampleSpikesTest {

    @Test
    void denseSampleIsTheNeuronByStepMatrixWithItsRates() {
        SampleSpikes s = SampleSpikes.of(dense(new String[][] {{"0000", "1111"}, {"1000", "0110"}}), 1);
        assertThat(s.neurons()).isEqualTo(2);
        assertThat(s.steps()).isEqualTo(4);
        assertThat(s.value(0, 0)).isEqualTo(1);
        assertThat(s.value(1, 2)).isEqualTo(1);
        assertThat(s.ratePerNeuron()).containsExactly(0.25, 0.5);
        assertThat(s.ratePerStep()).containsExactly(0.5, 0.5, 0.5, 0.0);
    }

    @Test
    void convSampleUsesTheMonitorsNeuronOrder() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 2, 4).gt(0.5).castTo(DataType.FLOAT);
        SampleSpikes s = SampleSpikes.of(x, 1);
        double[] counts = SpikeCounts.count(x.get(NDArrayIndex.interval(1, 2)), null, "conv").perNeuron()
                .toDoubleVector();
        assertThat(s.neurons()).isEqualTo(3 * 2 * 4);
        assertThat(s.steps()).isEqualTo(5);
        for (int n = 0; n < counts.length; n++) {
            assertThat(s.ratePerNeuron()[n] * 5).isEqualTo(counts[n]);
        }
        // neuron (c*H + h)*W + w at t: x[1, c, t, h, w]
        assertThat(s.value((2 * 2 + 1) * 4 + 3, 4)).isEqualTo(x.getDouble(1, 2, 4, 1, 3));
    }

    @Test
    void badSampleOrShapeIsRejected() {
        assertThatThrownBy(() -> SampleSpikes.of(Nd4j.zeros(2, 3, 4), 2)).hasMessageContaining("sample 2");
        assertThatThrownBy(() -> SampleSpikes.of(Nd4j.zeros(2, 3), 0)).hasMessageContaining("rank 2");
        assertThatThrownBy(() -> SampleSpikes.of(new double[][] {{1, 0}, {1}})).hasMessageContaining("neuron 1");
    }

    @Test
    void layerActivationsAreTheSpikingLayersInferenceOutputs() {
        INDArray spikes = dense(new String[][] {{"0101", "1111", "0000"}, {"1000", "0110", "0011"}});
        for (Model m : new Model[] {SpikeMonitorListenerTest.mln(WorkspaceMode.ENABLED),
                SpikeMonitorListenerTest.graph(WorkspaceMode.ENABLED)}) {
            Map<MonitoredLayer, INDArray> acts = LayerActivations.of(m, spikes, null,
                    l -> l instanceof ActivationLayer);
            assertThat(acts).hasSize(1);
            assertThat(LayerActivations.ofLayer(acts, "spikes")).isEqualTo(spikes);
            assertThatThrownBy(() -> LayerActivations.ofLayer(acts, "nope")).hasMessageContaining("[spikes]");
        }
    }
}
