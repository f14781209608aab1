package org.dl4j.snn.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.Engine;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.SynapseLayer;
import org.dl4j.snn.layers.TimeBatchNorm;
import org.dl4j.snn.layers.TimeConv;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class BenchNetTest {

    private static Object[] layerTypes(MultiLayerNetwork net) {
        return Arrays.stream(net.getLayers()).map(l -> l.conf().getLayer().getClass()).toArray();
    }

    @Test
    void mlpIsTwoPlifDenseLayersALinearReadoutAndTheMeanOverTimeLoss() {
        MultiLayerNetwork net = BenchNet.MLP.build(Engine.FUSED, 1);

        assertThat(layerTypes(net)).containsExactly(SpikingDense.class, SpikingDense.class,
                LeakyIntegratorReadout.class, TemporalLossLayer.class);
        // 700x256 + 256 + w, 256x256 + 256 + w, 256x20 + 20 (PLIF: one w per layer).
        assertThat(net.numParams()).isEqualTo(700 * 256 + 256 + 1 + 256 * 256 + 256 + 1 + 256 * 20 + 20);
        assertThat(net.getLayerWiseConfigurations().getDataType()).isEqualTo(DataType.FLOAT);
        SpikingDense first = (SpikingDense) net.getLayer(0).conf().getLayer();
        assertThat(first.getNeuron()).isEqualTo(BenchNet.plif());
        assertThat(first.getNeuron().learnTau()).isTrue();
    }

    @Test
    void convIsTwoConvBnPlifPoolBlocksAndA4096To10Readout() {
        MultiLayerNetwork net = BenchNet.CONV.build(Engine.FUSED, 1);

        assertThat(layerTypes(net)).containsExactly(TimeConv.class, TimeBatchNorm.class, SpikingNeuron.class,
                TimePooling.class, TimeConv.class, TimeBatchNorm.class, SpikingNeuron.class, TimePooling.class,
                LeakyIntegratorReadout.class, TemporalLossLayer.class);
        TimeConv c1 = (TimeConv) net.getLayer(0).conf().getLayer();
        TimeConv c2 = (TimeConv) net.getLayer(4).conf().getLayer();
        assertThat(c1.getNIn()).isEqualTo(2);
        assertThat(c1.getNOut()).isEqualTo(32);
        assertThat(c1.hasBias()).isFalse();
        assertThat(c1.getPadding()).containsExactly(1, 1);
        assertThat(c2.getNIn()).isEqualTo(32);
        assertThat(c2.getNOut()).isEqualTo(64);
        LeakyIntegratorReadout readout = (LeakyIntegratorReadout) net.getLayer(8).conf().getLayer();
        assertThat(readout.getNIn()).isEqualTo(64 * 8 * 8);
        assertThat(readout.getNOut()).isEqualTo(10);
    }

    @Test
    void theEngineReachesTheLayersThatHaveOne() {
        MultiLayerNetwork net = BenchNet.MLP.build(Engine.SAMEDIFF, 1);

        for (int i = 0; i < 3; i++) {
            assertThat(((SynapseLayer<?>) net.getLayer(i).conf().getLayer()).getEngine()).isEqualTo(Engine.SAMEDIFF);
        }
    }

    @Test
    void identityReadoutOutputsExactlyTheLinearLayersCurrents() {
        LeakyIntegratorReadout.Builder b = new LeakyIntegratorReadout.Builder(3);
        b.neuron(BenchNet.identity());
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).list()
                .layer(b.build()).setInputType(InputType.recurrent(4, 5)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getLayer(0).getParam("b").assign(Nd4j.createFromArray(0.5, -1.0, 2.0).reshape(1, 3));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 4, 5);

        INDArray out = net.output(x);

        INDArray w = net.getLayer(0).getParam("W");
        INDArray bias = net.getLayer(0).getParam("b");
        for (int t = 0; t < 5; t++) {
            INDArray expected = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t))
                    .mmul(w).addRowVector(bias);
            INDArray actual = out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t));
            assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
        }
    }

    @Test
    void syntheticBatchesHaveTheLayoutDensityAndOneHotLabelsAsked() {
        DataSet[] mlp = BenchNet.MLP.data(2, 0.05, 7);
        DataSet[] conv = BenchNet.CONV.data(1, 0.2, 7);

        assertThat(mlp).hasSize(2);
        assertThat(mlp[0].getFeatures().shape()).containsExactly(32, 700, 100);
        assertThat(conv[0].getFeatures().shape()).containsExactly(16, 2, 10, 34, 34);
        assertThat(mlp[0].getFeatures().meanNumber().doubleValue()).isCloseTo(0.05, within(0.003));
        assertThat(conv[0].getFeatures().meanNumber().doubleValue()).isCloseTo(0.2, within(0.005));
        INDArray f = mlp[0].getFeatures();
        assertThat(f.eq(0).castTo(DataType.INT).sumNumber().longValue() + f.eq(1).castTo(DataType.INT).sumNumber()
                .longValue()).isEqualTo(f.length());
        assertThat(mlp[0].getLabels().shape()).containsExactly(32, 20);
        assertThat(mlp[0].getLabels().sum(1).toDoubleVector()).containsOnly(1.0);
        assertThat(mlp[0].getFeatures()).isNotEqualTo(mlp[1].getFeatures());
    }

    @Test
    void plifMatchesSpikingJellysParametricLifDefaults() {
        NeuronConfig p = BenchNet.plif();

        assertThat(p.tau()).isEqualTo(2.0);
        assertThat(p.initialTauW()).isEqualTo(0.0);
        assertThat(p.decayInput()).isTrue();
        assertThat(p.theta()).isEqualTo(1.0);
        assertThat(p.vReset()).isEqualTo(0.0);
        assertThat(p.detachReset()).isFalse();
        assertThat(p.surrogate()).isEqualTo(new org.dl4j.snn.surrogate.ATan(2));
    }

    @Test
    void layersAreOfTheLibrary() {
        for (Layer l : BenchNet.MLP.build(Engine.FUSED, 1).getLayers()) {
            assertThat(l.conf().getLayer().getClass().getPackageName()).startsWith("org.dl4j.snn");
        }
    }
}
