package org.dl4j.snn.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** JSON round trips (DL4J's shaded Jackson), equals/hashCode/toString, and model save/restore. */
class TemporalLossSerializationTest {
    private static final List<TemporalLoss> LOSSES = List.of(new TetLoss(),
            new TetLoss(0.05, 1.0, TetLoss.Weighting.ADDITIVE, 0.1), TetLoss.labelSmoothed(0.01), new LtsLoss(0.1),
            new SdtLoss(), SpikeRateMseLoss.lavaDl(), SpikeRateMseLoss.voting(10));

    @Test
    void everyLossRoundTripsThroughDl4jJson() throws Exception {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        for (TemporalLoss loss : LOSSES) {
            String json = mapper.writeValueAsString(loss);
            ILossFunction back = mapper.readValue(json, ILossFunction.class);
            assertThat(back).as(json).isEqualTo(loss).hasSameHashCodeAs(loss).isInstanceOf(loss.getClass());
            assertThat(back.toString()).isEqualTo(loss.toString()).isEqualTo(loss.name());
        }
    }

    @Test
    void equalsDistinguishesEveryField() {
        assertThat(new TetLoss(0.05)).isNotEqualTo(new TetLoss(0.06));
        assertThat(new TetLoss(0.05, 1.0, TetLoss.Weighting.PAPER, 0)).isNotEqualTo(
                new TetLoss(0.05, 1.0, TetLoss.Weighting.ADDITIVE, 0));
        assertThat(new TetLoss(0.05, 1.0, TetLoss.Weighting.PAPER, 0)).isNotEqualTo(
                new TetLoss(0.05, 2.0, TetLoss.Weighting.PAPER, 0));
        assertThat(new TetLoss()).isNotEqualTo(TetLoss.labelSmoothed(0.1));
        assertThat(new LtsLoss()).isNotEqualTo(new SdtLoss()).isNotEqualTo(new LtsLoss(0.1));
        assertThat(SpikeRateMseLoss.lavaDl()).isNotEqualTo(new SpikeRateMseLoss())
                .isNotEqualTo(new SpikeRateMseLoss(0.2, 0.03, 1)).isNotEqualTo(new SpikeRateMseLoss(0.2, 0.03, 2, true))
                .isEqualTo(new SpikeRateMseLoss(0.2, 0.03, 1, true));
        assertThat(new TetLoss(0.05).toString()).contains("lambda=0.05", "phi=1.0", "PAPER");
        assertThat(SpikeRateMseLoss.lavaDl().toString()).contains("trueRate=0.2", "falseRate=0.03",
                "sumOverClasses=true");
    }

    private static MultiLayerConfiguration config(TemporalLoss loss) {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).list()
                .layer(new LSTM.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new TemporalLossLayer.Builder(loss).name("readout").build())
                .setInputType(InputType.recurrent(2)).build();
    }

    @Test
    void networkConfigurationWithTemporalLossLayerRoundTrips() {
        for (TemporalLoss loss : LOSSES.subList(0, 5)) {
            MultiLayerConfiguration conf = config(loss);
            MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
            assertThat(back).isEqualTo(conf);
            assertThat(((TemporalLossLayer) back.getConf(1).getLayer()).getLossFn()).isEqualTo(loss);
            assertThat(MultiLayerConfiguration.fromYaml(conf.toYaml())).isEqualTo(conf);
        }
    }

    @Test
    void savedNetworkRestoresWithItsLossAndOutputs() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(config(new TetLoss(0.05)));
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(back.getLayerWiseConfigurations()).isEqualTo(net.getLayerWiseConfigurations());
        assertThat(back.output(x)).isEqualTo(net.output(x));
    }

    @Test
    void outputModeIsSavedAndJsonWithoutItLoadsAsPerStepOutputAsBefore() throws Exception {
        MultiLayerConfiguration reduced = config(new TetLoss(0.05));
        assertThat(reduced.toJson()).containsPattern("\"perStepOutput\"\\s*:\\s*false");
        MultiLayerConfiguration perStep = MultiLayerConfiguration.fromJson(reduced.toJson()
                .replaceAll("(\"perStepOutput\"\\s*:\\s*)false", "$1true"));
        // JSON written before the setting existed has no such property: the output it had, per step.
        MultiLayerConfiguration legacy = MultiLayerConfiguration.fromJson(reduced.toJson()
                .replaceAll(",\\s*\"perStepOutput\"\\s*:\\s*false", "")
                .replaceAll("\"perStepOutput\"\\s*:\\s*false\\s*,", ""));
        assertThat(legacy.toJson()).doesNotContain("perStepOutput");
        assertThat(((TemporalLossLayer) legacy.getConf(1).getLayer()).perStepOutput()).isTrue();
        assertThat(((TemporalLossLayer) perStep.getConf(1).getLayer()).perStepOutput()).isTrue();
        assertThat(((TemporalLossLayer) MultiLayerConfiguration.fromJson(reduced.toJson()).getConf(1).getLayer())
                .perStepOutput()).isFalse();

        MultiLayerNetwork net = new MultiLayerNetwork(reduced);
        net.init();
        MultiLayerNetwork old = new MultiLayerNetwork(legacy);
        old.init(net.params().dup(), false);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, 5);
        assertThat(net.output(x).shape()).containsExactly(3, 4);
        assertThat(old.output(x).shape()).containsExactly(3, 4, 5);
        assertThat(old.output(x)).isEqualTo(org.dl4j.snn.eval.SnnEvaluation.perStepOutput(net, x, null));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(old, bytes, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(back.output(x)).isEqualTo(old.output(x));
    }
}
