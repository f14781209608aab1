package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.internal.kernel.Kernels;
import org.dl4j.snn.layers.internal.kernel.SparseDenseKernel;
import org.dl4j.snn.layers.internal.runtime.FusedRuntime;
import org.dl4j.snn.layers.internal.runtime.InputGradient;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The spike-driven kernel of the dense synapse ({@link SparseDenseKernel}: accumulate the weight rows of the active
 * inputs when the input is sparse) and the skipped first-layer input gradient ({@link InputGradient}).
 */
class SpikeDrivenDenseTest {
    private static final int B = 4;
    private static final int IN = 40;
    private static final int T = 20;

    /** Binary spikes at about {@code density}, with a few graded values to cover non-binary sparse input. */
    private static INDArray spikes(double density, long seed) {
        Random rng = new Random(seed);
        float[] f = new float[B * IN * T];
        for (int i = 0; i < f.length; i++) {
            if (rng.nextDouble() < density) f[i] = rng.nextInt(10) == 0 ? 0.5f : 1f;
        }
        return Nd4j.create(f, new long[] {B, IN, T}, 'c');
    }

    @Test
    void rasterMatchesTheDenseProductsAndDeclinesDenseInput() {
        INDArray x = spikes(0.08, 1);
        SparseDenseKernel r = SparseDenseKernel.scan(x, SparseDenseKernel.MAX_DENSITY);
        assertThat(r).isNotNull();
        assertThat(r.density()).isBetween(0.04, 0.12);
        assertThat(SparseDenseKernel.scan(spikes(0.5, 2), SparseDenseKernel.MAX_DENSITY)).as("50 % density: GEMM path")
                .isNull();
        assertThat(SparseDenseKernel.scan(x.castTo(DataType.DOUBLE), 1.0)).as("float32 only").isNull();

        int nOut = 33;
        INDArray w = Nd4j.rand(DataType.FLOAT, IN, nOut).subi(0.5).dup('f');
        INDArray z = Nd4j.create(DataType.FLOAT, new long[] {B, nOut, T}, 'c');
        r.forward(w, null, z);
        // The bias is added as each column is stored: exactly z + b, as a broadcast add after the sum gives.
        INDArray bias = Nd4j.rand(DataType.FLOAT, 1, nOut);
        INDArray withBias = Nd4j.create(DataType.FLOAT, new long[] {B, nOut, T}, 'c');
        r.forward(w, bias, withBias);
        INDArray expectedWithBias = z.dup();
        Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp(expectedWithBias,
                bias.reshape(nOut), expectedWithBias, 1));
        assertThat(withBias).isEqualTo(expectedWithBias);
        INDArray dz = Nd4j.randn(DataType.FLOAT, B, nOut, T);
        INDArray dW = Nd4j.create(DataType.FLOAT, new long[] {IN, nOut}, 'f');
        r.weightGradient(dz, dW);
        INDArray expectedDw = Nd4j.create(DataType.DOUBLE, IN, nOut);
        for (int n = 0; n < B; n++) {
            INDArray xn = x.slice(n).castTo(DataType.DOUBLE);
            INDArray zn = w.castTo(DataType.DOUBLE).transpose().mmul(xn);
            assertThat(z.slice(n).castTo(DataType.DOUBLE).sub(zn).amaxNumber().doubleValue())
                    .as("z of sample %d", n).isLessThan(1e-5);
            expectedDw.addi(xn.mmul(dz.slice(n).castTo(DataType.DOUBLE).transpose()));
        }
        assertThat(dW.castTo(DataType.DOUBLE).sub(expectedDw).amaxNumber().doubleValue()).as("dW").isLessThan(1e-4);
    }

    @Test
    void sparseInputTrainsLikeTheSameDiffEngineIncludingTheInputGradient() {
        INDArray x = spikes(0.08, 3);
        MultiLayerNetwork fused = SpikingFixtures.init(conf(Engine.FUSED), null);
        fused.getLayer(0).getParam("W").muli(4); // make the first layer fire on sparse input
        MultiLayerNetwork sameDiff = SpikingFixtures.init(conf(Engine.SAMEDIFF), fused.params());
        INDArray y = SpikingFixtures.labels(DataType.FLOAT, B);

        INDArray hidden = fused.feedForward(x, true).get(1);
        double rate = hidden.meanNumber().doubleValue();
        assertThat(rate).as("hidden firing rate").isBetween(0.01, SparseDenseKernel.MAX_DENSITY);
        assertThat(sameDiff.feedForward(x, true).get(1)).as("spikes of both engines").isEqualTo(hidden);

        // fit's path (computeGradientAndScore: layer 0's input gradient is discarded, so it is skipped) ...
        fused.setInput(x);
        fused.setLabels(y);
        fused.computeGradientAndScore();
        Gradient fitGrad = fused.gradient();
        INDArray fitFlat = fitGrad.gradient().dup();
        // ... and calculateGradients (returns the input gradient, so it is computed).
        Pair<Gradient, INDArray> f = fused.calculateGradients(x, y, null, null);
        Pair<Gradient, INDArray> s = sameDiff.calculateGradients(x, y, null, null);
        assertThat(f.getFirst().gradient()).as("parameter gradients of both fused paths").isEqualTo(fitFlat);
        for (String name : fused.paramTable().keySet()) {
            INDArray a = f.getFirst().getGradientFor(name);
            INDArray e = s.getFirst().getGradientFor(name);
            assertThat(a.amaxNumber().doubleValue()).as("dL/d" + name + " not all zero").isGreaterThan(0);
            assertClose("dL/d" + name, a, e);
        }
        assertThat(f.getSecond().amaxNumber().doubleValue()).as("input gradient computed").isGreaterThan(0);
        assertClose("dL/dinput", f.getSecond(), s.getSecond());
    }

    /** Sparse spikes take the spike-driven kernel; the one switch of the fast kernels sends them to the GEMMs. */
    @Test
    void theKernelSwitchSendsSparseInputToTheStockGemm() {
        INDArray x = spikes(0.08, 5);
        MultiLayerNetwork net = SpikingFixtures.init(conf(Engine.FUSED), null);
        net.getLayer(0).getParam("W").muli(4);
        FusedRuntime first = (FusedRuntime) net.getLayer(0);
        INDArray fast = net.feedForward(x, false).get(1).dup();
        assertThat(first.lastSynapseKernel()).isEqualTo("SpikeDriven");
        INDArray stock;
        try (Kernels.Scope stockOnly = Kernels.stockOnly()) {
            stock = net.feedForward(x, false).get(1).dup();
            assertThat(first.lastSynapseKernel()).isEqualTo("Gemm");
        }
        assertThat(fast.sumNumber().doubleValue()).as("hidden spikes").isGreaterThan(0);
        assertThat(stock).as("hidden spikes of both kernels").isEqualTo(fast);
        net.feedForward(x, false);
        assertThat(first.lastSynapseKernel()).as("switched back").isEqualTo("SpikeDriven");
    }

    @Test
    void theInputGradientIsKeptOutsideMultiLayerNetworkTraining() {
        assertThat(InputGradient.discarded(0)).as("no MultiLayerNetwork on the stack").isFalse();
        assertThat(InputGradient.discarded(1)).as("not the first layer").isFalse();
    }

    private static MultiLayerConfiguration conf(Engine engine) {
        NeuronConfig plif = NeuronConfig.builder().tau(2).learnTau(true).theta(1).vReset(0).build();
        return SpikingFixtures.base(DataType.FLOAT, WorkspaceMode.ENABLED).list()
                .layer(new SpikingDense.Builder(24).neuron(plif).engine(engine).build())
                .layer(new SpikingDense.Builder(SpikingFixtures.CLASSES).neuron(plif).engine(engine).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(IN, T)).build();
    }

    /** max |actual - expected| &lt;= 1e-4 * max |expected| (float32 sums in different orders). */
    private static void assertClose(String what, INDArray actual, INDArray expected) {
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-30);
        double err = actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertThat(err / scale).as(what + ": max abs difference " + err + " at scale " + scale).isLessThan(1e-4);
    }
}
