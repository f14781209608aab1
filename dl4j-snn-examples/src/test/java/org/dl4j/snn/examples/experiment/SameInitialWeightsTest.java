package org.dl4j.snn.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every variant of a family starts from the same weights for a seed (the ablation compares like with like). */
class SameInitialWeightsTest {

    private static MultiLayerNetwork net(String variant, String loss, long seed) {
        Arm a = Arm.plain("t", "nmnist", variant, loss, 1, 4, 12, 4, 1e-3);
        if (variant.startsWith("cuba")) {
            a = new Arm("t", "nmnist", variant, loss, "", 1, 4, 12, 4, 1e-3, 1.25, 1e-2, 1.5, 3.75, "");
        }
        return ExperimentNetworks.build(a, 20, 10, 15, seed);
    }

    private static void assertSharedParamsEqual(MultiLayerNetwork x, MultiLayerNetwork y) {
        int compared = 0;
        for (int i = 0; i < x.getLayers().length; i++) {
            for (Map.Entry<String, INDArray> e : x.getLayer(i).paramTable().entrySet()) {
                INDArray other = y.getLayer(i).paramTable().get(e.getKey());
                if (other != null && e.getKey().matches("W|b")) {
                    assertThat(other).as("layer %d param %s", i, e.getKey()).isEqualTo(e.getValue());
                    compared++;
                }
            }
        }
        assertThat(compared).as("weights compared").isGreaterThanOrEqualTo(3);
    }

    @Test
    void lifPlifThetaAndV0VariantsStartFromTheSameWeights() {
        MultiLayerNetwork lif = net("lif", "sdt", 7);
        for (String v : List.of("plif", "plif+theta", "plif+theta+v0", "lif+v0")) {
            MultiLayerNetwork other = net(v, "sdt", 7);
            assertThat(other.numParams()).as(v).isGreaterThanOrEqualTo(lif.numParams());
            assertSharedParamsEqual(lif, other);
        }
        assertThat(net("plif+theta+v0", "sdt", 7).numParams()).isGreaterThan(lif.numParams());
    }

    @Test
    void learnedAndFrozenThresholdCubaNetworksStartFromTheSameWeights() {
        assertSharedParamsEqual(net("cuba", "rate", 3), net("cuba+theta", "rate", 3));
    }

    @Test
    void theLossDoesNotChangeTheInitialWeights() {
        assertSharedParamsEqual(net("plif", "sdt", 5), net("plif", "lts", 5));
    }

    @Test
    void copyingSharedParamsMakesWeightsEqualEvenWhenInitialisationDiffered() {
        MultiLayerNetwork from = net("plif", "sdt", 1);
        MultiLayerNetwork to = net("plif+theta+v0", "sdt", 2);
        assertThat(to.getLayer(0).getParam("W")).isNotEqualTo(from.getLayer(0).getParam("W"));

        ExperimentNetworks.copySharedParams(from, to);

        assertSharedParamsEqual(from, to);
        assertThat(to.getLayer(0).getParam("theta")).as("theta, absent from the source, kept").isNotNull();
    }

    @Test
    void anotherSeedGivesOtherWeights() {
        INDArray a = net("plif", "sdt", 1).getLayer(0).getParam("W");
        INDArray b = net("plif", "sdt", 2).getLayer(0).getParam("W");
        assertThat(a).isNotEqualTo(b);
    }
}
