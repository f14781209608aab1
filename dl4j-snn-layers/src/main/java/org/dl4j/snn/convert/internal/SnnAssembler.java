package org.dl4j.snn.convert.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.dl4j.snn.layers.ConvSynapseLayer;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.TimeConv;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.loss.TemporalLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.Surrogate;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lays out the spiking network for folded ANN steps and their scales, by weight normalisation (threshold 1):
 * <pre>
 *   Conv/Dense + ReLU  -&gt; SpikingConv / SpikingDense, IF (soft reset, theta 1),
 *                        W'[o, i] = W[o, i] * lambda_in[i] / lambda[o],  b'[o] = b[o] / lambda[o]
 *   Conv + pooling + ReLU -&gt; TimeConv (same W', b'), TimePooling, SpikingNeuron
 *   AvgPool / SumPool  -&gt; TimePooling (on spikes; lambda_in is per channel, so it commutes)
 *   GlobalPool         -&gt; TimePooling over the whole H x W
 *   last Dense         -&gt; LeakyIntegratorReadout with tau = 1 (memoryless: out[t] = W'^T x[t] + b),
 *                        W'[i, o] = W[i, o] * lambda_in[i]; then a TemporalLossLayer
 * </pre>
 * lambda_in is the previous ReLU's scale (1 for the analog input), mapped to input features through a flatten
 * ({@code channel = feature / (H*W)}). In real arithmetic this is SpikingJelly's {@code x(1/lambda) -> IF -> x lambda}.
 */
public final class SnnAssembler {

    /** One layer of the spiking network and the parameters to load into it (null for none). */
    public record Spec(String name, Layer conf, INDArray weight, INDArray bias, boolean readout) {
    }

    /**
     * @param v0             initial membrane potential V[-1] as a fraction of the threshold (0: SpikingJelly)
     * @param learnV0        make v0 a learnable parameter per neuron (IMP-SNN), initialised to {@code v0}
     * @param surrogate      surrogate gradient of the IF neurons (for fine-tuning)
     * @param loss           the loss of the output layer
     * @param maxPoolOnSpikes convert max pooling to max pooling of spikes (an approximation) instead of refusing it
     */
    public record Options(double v0, boolean learnV0, Surrogate surrogate, TemporalLoss loss,
                          boolean maxPoolOnSpikes) {
    }

    private SnnAssembler() {
    }

    /** The IF neuron of every converted ReLU. */
    public static NeuronConfig neuron(Options o) {
        NeuronConfig.Builder b = NeuronConfig.builder().model(NeuronModel.IF).reset(Reset.SOFT).theta(1)
                .surrogate(o.surrogate());
        if (o.learnV0()) {
            b.v0Mode(V0Mode.LEARNABLE).v0(o.v0()).v0Scope(Scope.NEURON);
        } else if (o.v0() != 0) {
            b.v0Mode(V0Mode.FIXED).v0(o.v0());
        }
        return b.build();
    }

    /** The readout neuron: non-spiking, tau = 1 and no input decay, so that H[t] = 0*V[t-1] + z[t] = z[t] exactly. */
    public static NeuronConfig readoutNeuron() {
        return NeuronConfig.builder().model(NeuronModel.LIF).tau(1).decayInput(false).spiking(false).build();
    }

    public static List<Spec> assemble(List<AnnOp> ops, Map<Integer, float[]> lambdas, Map<Integer, long[]> shapes,
                                      Options o) {
        NeuronConfig neuron = neuron(o);
        List<Spec> out = new ArrayList<>();
        float[] in = null;
        int n = ops.size();
        int i = 0;
        while (i < n) {
            AnnOp op = ops.get(i);
            if (op instanceof AnnOp.Conv || op instanceof AnnOp.Dense) {
                int j = i + 1;
                while (j < n && (ops.get(j) instanceof AnnOp.Pool || ops.get(j) instanceof AnnOp.GlobalPool)) {
                    j++;
                }
                if (j < n && ops.get(j) instanceof AnnOp.Relu) {
                    float[] lambda = usable(lambdas.get(j), ops.get(j).layer());
                    if (op instanceof AnnOp.Conv c) {
                        INDArray w = scaleConv(c.weight(), in, lambda);
                        INDArray b = scaleBias(c.bias(), lambda);
                        if (j == i + 1) {
                            out.add(new Spec(c.layer(), convBuilder(new SpikingConv.Builder(), c).neuron(neuron)
                                    .build(), w, b, false));
                        } else {
                            out.add(new Spec(c.layer(), convBuilder(new TimeConv.Builder(), c).build(), w, b, false));
                            for (int k = i + 1; k < j; k++) {
                                out.add(pool(ops.get(k), shapes.get(k), o));
                            }
                            out.add(new Spec(ops.get(j).layer() + "-neuron",
                                    new SpikingNeuron.Builder(neuron).build(), null, null, false));
                        }
                    } else {
                        AnnOp.Dense d = (AnnOp.Dense) op;
                        if (j != i + 1) {
                            throw new IllegalArgumentException("AnnToSnn: dense layer \"" + d.layer() + "\" is "
                                    + "followed by pooling");
                        }
                        INDArray w = scaleDense(d.weight(), in, shapes.get(i), lambda);
                        out.add(new Spec(d.layer(), new SpikingDense.Builder((int) d.nOut()).neuron(neuron).build(),
                                w, scaleBias(d.bias(), lambda), false));
                    }
                    in = lambda;
                    i = j + 1;
                } else if (op instanceof AnnOp.Dense d && i == n - 1) {
                    INDArray w = scaleDense(d.weight(), in, shapes.get(i), null);
                    out.add(new Spec(d.layer(), new LeakyIntegratorReadout.Builder((int) d.nOut())
                            .neuron(readoutNeuron()).build(), w, d.bias().dup(), true));
                    i++;
                } else {
                    throw new IllegalArgumentException("AnnToSnn: layer \"" + op.layer() + "\": a convolution or dense "
                            + "layer must be followed by a ReLU (after pooling at most) or be the output layer, but "
                            + (j < n ? "\"" + ops.get(j).layer() + "\" follows" : "it ends the network"));
                }
            } else if (op instanceof AnnOp.Pool || op instanceof AnnOp.GlobalPool) {
                out.add(pool(op, shapes.get(i), o));
                i++;
            } else if (op instanceof AnnOp.Relu) {
                throw new IllegalArgumentException("AnnToSnn: the ReLU of layer \"" + op.layer() + "\" does not follow "
                        + "a convolution or dense layer (through pooling at most)");
            } else {
                throw new IllegalStateException("SnnAssembler: unexpected step " + op);
            }
        }
        Spec last = out.get(out.size() - 1);
        if (!last.readout()) {
            throw new IllegalArgumentException("AnnToSnn: the network must end with a dense output layer (OutputLayer,"
                    + " or DenseLayer + LossLayer), it ends with \"" + last.name() + "\"");
        }
        out.add(new Spec(last.name() + "-loss", new TemporalLossLayer.Builder(o.loss()).build(), null, null, false));
        return out;
    }

    /** lambda with zero (never active) channels set to the layer's largest lambda, so that 1/lambda is finite. */
    private static float[] usable(float[] lambda, String layer) {
        float max = 0;
        for (float l : lambda) {
            if (!Float.isFinite(l)) {
                throw new IllegalArgumentException("AnnToSnn: the scale of the ReLU of \"" + layer + "\" is " + l
                        + "; the calibration data gave non-finite activations");
            }
            max = Math.max(max, l);
        }
        if (!(max > 0)) {
            throw new IllegalArgumentException("AnnToSnn: the ReLU of \"" + layer + "\" is never active on the "
                    + "calibration data (scale " + max + "), so its spiking layer could never fire");
        }
        float[] r = lambda.clone();
        for (int c = 0; c < r.length; c++) {
            if (!(r[c] > 0)) {
                r[c] = max;
            }
        }
        return r;
    }

    private static <B extends ConvSynapseLayer.Builder<B>> B convBuilder(B b, AnnOp.Conv c) {
        b.nOut(c.nOut());
        b.kernelSize(c.kernel()).stride(c.stride()).padding(c.padding()).dilation(c.dilation()).hasBias(true)
                .convolutionMode(c.mode());
        return b;
    }

    private static Spec pool(AnnOp op, long[] inputShape, Options o) {
        if (op instanceof AnnOp.Pool p) {
            requireLinear(p.type(), p.layer(), o);
            TimePooling t = new TimePooling.Builder(p.type(), p.kernel()).stride(p.stride()).padding(p.padding())
                    .dilation(p.dilation()).convolutionMode(p.mode()).build();
            t.setAvgPoolIncludePadInDivisor(p.avgPoolIncludePadInDivisor());
            return new Spec(p.layer(), t, null, null, false);
        }
        AnnOp.GlobalPool g = (AnnOp.GlobalPool) op;
        requireLinear(g.type(), g.layer(), o);
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("AnnToSnn: global pooling \"" + g.layer() + "\" needs [C, H, W] input, "
                    + "got " + java.util.Arrays.toString(inputShape));
        }
        int h = (int) inputShape[1];
        int w = (int) inputShape[2];
        return new Spec(g.layer(), new TimePooling.Builder(g.type(), h, w).stride(h, w).build(), null, null, false);
    }

    private static void requireLinear(PoolingType type, String layer, Options o) {
        if (type == PoolingType.AVG || type == PoolingType.SUM || (type == PoolingType.MAX && o.maxPoolOnSpikes())) {
            return;
        }
        if (type == PoolingType.MAX) {
            throw new IllegalArgumentException("AnnToSnn: layer \"" + layer + "\" uses max pooling, which rate "
                    + "coding cannot reproduce exactly (the max of spike trains is not the spike train of the max); "
                    + "retrain with average pooling, or allow max pooling of spikes (an approximation that "
                    + "over-estimates) with AnnToSnn.Builder.maxPoolOnSpikes(true)");
        }
        throw new IllegalArgumentException("AnnToSnn: layer \"" + layer + "\": pooling type " + type + " cannot be "
                + "converted (AVG and SUM can)");
    }

    /** W[o, i, ...] * in[i] / lambda[o] (scalars when the arrays have length 1; in == null means 1). */
    static INDArray scaleConv(INDArray weight, float[] in, float[] lambda) {
        long[] s = weight.shape();
        int nOut = (int) s[0];
        int nIn = (int) s[1];
        int per = (int) (weight.length() / nOut / nIn);
        float[] w = weight.dup('c').reshape(weight.length()).toFloatVector();
        for (int o = 0; o < nOut; o++) {
            double inv = inverse(lambda[lambda.length == 1 ? 0 : o]);
            for (int i = 0; i < nIn; i++) {
                double f = (in == null ? 1.0 : in[in.length == 1 ? 0 : i]) * inv;
                int base = (o * nIn + i) * per;
                for (int k = 0; k < per; k++) {
                    w[base + k] = (float) (w[base + k] * f);
                }
            }
        }
        return Nd4j.create(w, s, 'c');
    }

    /**
     * W[j, o] * in[channel(j)] / lambda[o] for a dense weight [nIn, nOut]; channel(j) = j / (H*W) when the input is
     * a flattened [C, H, W] (lambda == null: no division).
     */
    static INDArray scaleDense(INDArray weight, float[] in, long[] inputShape, float[] lambda) {
        int nIn = (int) weight.size(0);
        int nOut = (int) weight.size(1);
        long perChannel = 1;
        if (in != null && in.length > 1) {
            long channels = inputShape[0];
            perChannel = nIn / channels;
            if (channels * perChannel != nIn || channels != in.length) {
                throw new IllegalStateException("SnnAssembler: " + in.length + " channel scales do not fit a dense "
                        + "input of shape " + java.util.Arrays.toString(inputShape));
            }
        }
        float[] w = weight.dup('c').reshape(weight.length()).toFloatVector();
        for (int j = 0; j < nIn; j++) {
            double fin = in == null ? 1.0 : in[in.length == 1 ? 0 : (int) (j / perChannel)];
            for (int o = 0; o < nOut; o++) {
                double f = lambda == null ? fin : fin * inverse(lambda[lambda.length == 1 ? 0 : o]);
                w[j * nOut + o] = (float) (w[j * nOut + o] * f);
            }
        }
        return Nd4j.create(w, new long[] {nIn, nOut}, 'c');
    }

    /** SpikingJelly's {@code VoltageScaler} factor: 1/lambda computed in double, stored as float32. */
    static double inverse(float lambda) {
        return (float) (1.0 / lambda);
    }

    static INDArray scaleBias(INDArray bias, float[] lambda) {
        float[] b = bias.dup('c').reshape(bias.length()).toFloatVector();
        for (int o = 0; o < b.length; o++) {
            b[o] = (float) (b[o] * inverse(lambda[lambda.length == 1 ? 0 : o]));
        }
        return Nd4j.create(b, new long[] {b.length}, 'c');
    }
}
