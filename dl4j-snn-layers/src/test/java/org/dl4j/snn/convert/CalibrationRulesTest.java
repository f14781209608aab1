package org.dl4j.snn.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.neuron.Scope;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The scale rules on a ReLU that sees exactly the calibration values (identity weights). */
class CalibrationRulesTest {

    private static MultiLayerNetwork identityRelu() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list()
                .layer(new DenseLayer.Builder().nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(2)).build());
        net.init();
        net.getLayer(0).getParam("W").assign(Nd4j.eye(2));
        net.getLayer(0).getParam("b").assign(0);
        return net;
    }

    /** Two batches: values {1, 2, 3, 4} and {-1, 0, 0.5, 2} (ReLU: 0, 0, 0.5, 2) in [2, 2] rows. */
    private static ListDataSetIterator<DataSet> data() {
        DataSet a = new DataSet(Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}, 'c'), Nd4j.zeros(2, 2));
        DataSet b = new DataSet(Nd4j.create(new float[] {-1, 0, 0.5f, 2}, new long[] {2, 2}, 'c'), Nd4j.zeros(2, 2));
        return new ListDataSetIterator<>(List.of(a, b), 1);
    }

    private static float[] lambda(ScaleRule rule, Calibration calibration, Scope scope) {
        return AnnToSnn.builder().scaleRule(rule).calibration(calibration).scaleScope(scope).steps(2).build()
                .convert(identityRelu(), data()).scales().get(0).lambda();
    }

    @Test
    void emaIsSpikingJellysMovingAverageInFloat32() {
        assertThat(lambda(ScaleRule.max(), Calibration.EMA, Scope.LAYER)).containsExactly(0.9f * 4 + 0.1f * 2);
        assertThat(lambda(ScaleRule.fractionOfMax(0.5), Calibration.EMA, Scope.LAYER))
                .containsExactly(0.9f * 2 + 0.1f * 1);
        // median of {1,2,3,4} = 2.5, of {0,0,0.5,2} = 0.25
        assertThat(lambda(ScaleRule.percentile(50), Calibration.EMA, Scope.LAYER))
                .containsExactly(0.9f * 2.5f + 0.1f * 0.25f);
        // per channel: columns {1,3},{2,4} then {0,0.5},{0,2}
        assertThat(lambda(ScaleRule.max(), Calibration.EMA, Scope.CHANNEL))
                .containsExactly(0.9f * 3 + 0.1f * 0.5f, 0.9f * 4 + 0.1f * 2);
    }

    @Test
    void exactIsTheStatisticOfAllValues() {
        assertThat(lambda(ScaleRule.max(), Calibration.EXACT, Scope.LAYER)).containsExactly(4f);
        assertThat(lambda(ScaleRule.fractionOfMax(0.5), Calibration.EXACT, Scope.LAYER)).containsExactly(2f);
        // all 8 values sorted: 0 0 0.5 1 2 2 3 4; median at rank 3.5 -> 1.5
        assertThat(lambda(ScaleRule.percentile(50), Calibration.EXACT, Scope.LAYER)).containsExactly(1.5f);
        assertThat(lambda(ScaleRule.percentile(50), Calibration.EXACT, Scope.CHANNEL)).containsExactly(0.75f, 2f);
    }

    @Test
    void parsesSpikingJellysModeNames() {
        assertThat(ScaleRule.parse("max")).isEqualTo(ScaleRule.max());
        assertThat(ScaleRule.parse("99.9%")).isEqualTo(ScaleRule.percentile(99.9));
        assertThat(ScaleRule.parse("p99.9")).isEqualTo(ScaleRule.percentile(99.9));
        assertThat(ScaleRule.parse("0.5")).isEqualTo(ScaleRule.fractionOfMax(0.5));
        assertThat(ScaleRule.parse("0.5max")).isEqualTo(ScaleRule.fractionOfMax(0.5));
        assertThat(ScaleRule.percentile(99.9).label()).isEqualTo("p99.9");
        assertThat(ScaleRule.fractionOfMax(0.5).label()).isEqualTo("0.5max");
        assertThatThrownBy(() -> ScaleRule.parse("most")).hasMessageContaining("expected max, a percentile");
        assertThatThrownBy(() -> ScaleRule.parse("2")).hasMessageContaining("(0, 1]");
    }
}
