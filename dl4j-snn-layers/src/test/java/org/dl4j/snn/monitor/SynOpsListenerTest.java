package org.dl4j.snn.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** The listener form of SynOps counts during fit what SynOps.count counts on the same batch (no dropout here). */
class SynOpsListenerTest {
    @Test
    void listenerCountsTheSameAsADirectCountOnTheSameBatch() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Sgd(0)).list()
                .layer(new SpikingDense.Builder(16).build())
                .layer(new SpikingDense.Builder(8).build())
                .layer(new LeakyIntegratorReadout.Builder(3).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(10, 6)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 10, 6).gt(0.6).castTo(DataType.FLOAT);
        INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0).castTo(DataType.FLOAT);
        SynOps.Report direct = SynOps.count(net, x);
        SynOpsListener listener = new SynOpsListener();
        net.setListeners(listener);
        net.fit(x, y);
        SynOps.Report seen = listener.report();
        assertThat(seen.samples()).isEqualTo(4);
        assertThat(seen.synops()).isEqualTo(direct.synops()).isPositive();
        assertThat(seen.macs()).isEqualTo(direct.macs());
        // the first layer sees spikes: nnz(x) * 16 SynOps
        assertThat(direct.layers().get(0).synops()).isEqualTo(x.sumNumber().longValue() * 16);
        assertThat(direct.layers().get(0).firingRate()).isBetween(0.0, 1.0);
        assertThat(direct.layers().get(2).spiking()).isFalse();
        assertThat(direct.table(SynOps.Precision.FP32)).contains("total (4 samples)", "memory and routing not counted");
        listener.reset();
        assertThat(listener.report().samples()).isZero();
    }
}
