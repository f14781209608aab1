package org.dl4j.snn.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rouser's CUBA network is lava-dl's: its weights start as lava-dl's synapses do, and it backpropagates over 300
 * steps of 1 ms without its gradients exploding, the reset detached from the backward pass as in lava-dl (with it in
 * the graph, SLAYER's wide surrogate makes the per-step factor of a negative potential about 1.36 and the gradients
 * reached 1e30 on N-MNIST).
 */
class RouserNetworkTest {

    /** The suite's arm, narrower (the failure needs depth in time, not width). */
    private static Arm narrow(Arm a) {
        return new Arm(a.suite(), a.dataset(), a.variant(), a.loss(), a.setting(), a.epochs(), a.steps(), 40,
                a.batch(), a.lr(), a.theta0(), a.thetaLr(), a.slayerScale(), a.slayerTau(), a.paper());
    }

    /** N-MNIST-like input: 2312 channels, about 1 % of them carrying an event per 1 ms step. */
    private static INDArray sparseEvents(int batch, int steps) {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(DataType.FLOAT, batch, 2312, steps).lt(0.01).castTo(DataType.FLOAT);
    }

    @Test
    void weightsStartAsLavaDlSynapsesUniformWithinOneOverSqrtFanIn() {
        Arm a = Suite.named("rouser").arms().get(0);
        MultiLayerNetwork net = ExperimentNetworks.cubaMlp(a, 2312, 10, 0, 42);
        long[] fanIns = {2312, 500, 500};
        for (int i = 0; i < fanIns.length; i++) {
            INDArray w = net.getLayer(i).getParam("W");
            double bound = 1 / Math.sqrt(fanIns[i]);
            assertThat(w.amaxNumber().doubleValue()).as("layer %d max |W| (float)", i)
                    .isLessThanOrEqualTo(bound * (1 + 1e-6))
                    .isGreaterThan(0.99 * bound);
            // PyTorch's kaiming_uniform_(a = sqrt(5)): std 1/sqrt(3 fanIn); He normal would be 2.45 times that.
            assertThat(w.stdNumber().doubleValue()).as("layer %d std W", i)
                    .isCloseTo(bound / Math.sqrt(3), org.assertj.core.data.Percentage.withPercentage(3));
        }
    }

    @Test
    void everyArmsGradientsStayBoundedOverThreeHundredSteps() {
        for (String suite : new String[] {"rouser", "bad-threshold"}) {
            for (Arm arm : Suite.named(suite).arms()) {
                Arm a = narrow(arm);
                assertThat(a.steps()).isEqualTo(300);
                MultiLayerNetwork net = ExperimentNetworks.cubaMlp(a, 2312, 10, 0, 42);
                INDArray x = sparseEvents(2, a.steps());
                INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 10);
                y.putScalar(0, 3, 1);
                y.putScalar(1, 7, 1);
                net.setInput(x);
                net.setLabels(y);
                net.computeGradientAndScore();
                double largest = 0;
                for (Map.Entry<String, INDArray> g : net.gradient().gradientForVariable().entrySet()) {
                    double amax = g.getValue().amaxNumber().doubleValue();
                    assertThat(amax).as("%s: |dL/d%s| finite", a.label(), g.getKey()).isFinite();
                    largest = Math.max(largest, amax);
                }
                // Loss O(0.1), two samples, surrogate peak 1: a bounded gradient is O(1..100); the exploding one
                // was above 1e15 already at the output layer.
                assertThat(largest).as("%s: largest |gradient|", a.label()).isGreaterThan(0).isLessThan(1e4);
            }
        }
    }
}
