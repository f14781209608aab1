package org.dl4j.snn.examples.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.convert.AnnToSnn;
import org.dl4j.snn.convert.ScaleRule;
import org.dl4j.snn.convert.SnnConversion;
import org.dl4j.snn.convert.SpikingAccuracy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * AnnToSnn with SpikingJelly's rule against SpikingJelly's ann2snn on the shared MNIST t10k split (8,000 calibrate /
 * 2,000 test): the same ANN logits, the same fused convolutions, the same scales up to float32 rounding, and the
 * same prediction for every test digit at T = 8, 16, 32 (CI runs the MLP in all three modes and the CNN in one;
 * {@code convert report} measures all of them up to T = 128, see docs/conversion.md).
 */
class SpikingJellyParityTest {
    private static final int[] STEPS = {8, 16, 32};
    private static SpikingJellyReference ref;
    private static Path mnist;

    @BeforeAll
    static void load() {
        Path shared = Path.of(System.getProperty("snn.shared.dir", "../../shared"));
        ref = SpikingJellyReference.load(shared.resolve("ann2snn"));
        mnist = shared.resolve("data/mnist-t10k");
    }

    private static ConversionData data(String model) {
        return ConversionData.load(ConversionData.Dataset.MNIST, mnist, ConversionData.SPLIT, 0, 100,
                model.equals("mlp"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn"})
    void annLogitsAreSpikingJellys(String model) {
        MultiLayerNetwork ann = ref.ann(model);
        List<DataSet> test = data(model).test();
        INDArray sj = ref.annLogits(model);
        int last = ann.getnLayers() - 1;
        int row = 0;
        for (DataSet d : test) {
            INDArray in = ann.feedForward(d.getFeatures(), false).get(last);
            INDArray logits = in.mmul(ann.getLayer(last).getParam("W")).addRowVector(ann.getLayer(last).getParam("b"));
            INDArray expected = sj.get(NDArrayIndex.interval(row, row + d.numExamples()), NDArrayIndex.all());
            assertThat(logits.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-4);
            row += d.numExamples();
        }
        assertThat(row).isEqualTo(2000);
    }

    /** Scales within a few float32 ulps (the MLP's are bit-identical), predictions identical for every digit. */
    private static void assertParity(String model, String mode, int maxUlps) {
        ConversionData data = data(model);
        SnnConversion c = AnnToSnn.builder().scaleRule(ScaleRule.parse(mode)).steps(STEPS[STEPS.length - 1])
                .build().convert(ref.ann(model), ConversionData.iterator(data.calibration()));
        float[] sj = ref.lambdas(model, mode);
        assertThat(c.scales()).hasSize(sj.length);
        for (int i = 0; i < sj.length; i++) {
            float ours = c.scales().get(i).lambda()[0];
            assertThat(Math.abs(Float.floatToIntBits(ours) - Float.floatToIntBits(sj[i])))
                    .as("%s %s lambda %d: ours %s, SpikingJelly %s", model, mode, i, ours, sj[i])
                    .isLessThanOrEqualTo(maxUlps);
        }
        SpikingAccuracy acc = c.evaluate(ConversionData.iterator(data.test()), STEPS);
        Map<Integer, Double> sjAcc = ref.accuracy(model, mode);
        int[][] sjPred = ref.predictions(model, mode);
        assertThat(acc.labels()).isEqualTo(ref.testLabels());
        for (int i = 0; i < STEPS.length; i++) {
            int t = STEPS[i];
            assertThat(acc.accuracy(t)).as("%s %s T=%d", model, mode, t).isCloseTo(sjAcc.get(t),
                    org.assertj.core.data.Offset.offset(0.001));
            int differ = 0;
            for (int s = 0; s < 2000; s++) {
                differ += acc.predictions()[i][s] != sjPred[i][s] ? 1 : 0;
            }
            assertThat(differ).as("%s %s T=%d: digits predicted differently from SpikingJelly", model, mode, t)
                    .isLessThanOrEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"max", "p99.9", "0.5max"})
    void mlpMatchesSpikingJelly(String mode) {
        assertParity("mlp", mode, 0);
    }

    @Test
    void cnnMatchesSpikingJelly() {
        assertParity("cnn", "max", 4);
    }

    @Test
    void batchNormFoldingIsPyTorchs() {
        ConversionData data = data("cnn");
        // the folding does not depend on the calibration: one batch is enough
        SnnConversion c = AnnToSnn.builder().steps(1).build().convert(ref.ann("cnn"),
                ConversionData.iterator(data.calibration().subList(0, 1)));
        MultiLayerNetwork folded = c.foldedAnn();
        int[] convLayers = {0, 3};
        for (int k = 0; k < 2; k++) {
            for (String p : new String[] {"weight", "bias"}) {
                INDArray ours = folded.getLayer(convLayers[k]).getParam(p.equals("weight") ? "W" : "b");
                INDArray sj = ref.fused("conv" + (k + 1) + "." + p);
                assertThat(ours.reshape(sj.shape()).sub(sj).amaxNumber().doubleValue()).as("conv%d.%s", k + 1, p)
                        .isLessThanOrEqualTo(1e-6 * sj.amaxNumber().doubleValue());
            }
        }
    }
}
