package org.dl4j.snn.convert.internal;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Folds every batch normalisation into the convolution or dense layer in front of it, in float32 exactly as PyTorch's
 * {@code fuse_conv_bn_eval} (SpikingJelly's {@code fuse_flag}): per output channel
 * <pre>
 *   r  = 1 / sqrt(var + eps)                 (float32: add, sqrt, divide)
 *   W' = W * (gamma * r)
 *   b' = ((b - mean) * r) * gamma + beta
 * </pre>
 * A batch normalisation anywhere else (at the input, after a ReLU or a pooling) is refused.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    public static List<AnnOp> fold(List<AnnOp> ops) {
        List<AnnOp> out = new ArrayList<>();
        for (AnnOp op : ops) {
            if (op instanceof AnnOp.BatchNorm bn) {
                AnnOp previous = out.isEmpty() ? null : out.get(out.size() - 1);
                if (previous instanceof AnnOp.Conv c) {
                    requireChannels(bn, c.nOut(), c.layer());
                    out.set(out.size() - 1, foldConv(c, bn));
                } else if (previous instanceof AnnOp.Dense d) {
                    requireChannels(bn, d.nOut(), d.layer());
                    out.set(out.size() - 1, foldDense(d, bn));
                } else {
                    throw new IllegalArgumentException("AnnToSnn: batch normalisation \"" + bn.layer() + "\" must follow"
                            + " a convolution or dense layer directly (it is folded into its weights), but it follows "
                            + (previous == null ? "the input" : describe(previous)));
                }
            } else {
                out.add(op);
            }
        }
        return out;
    }

    private static String describe(AnnOp op) {
        String kind = op instanceof AnnOp.Relu ? "a ReLU" : op instanceof AnnOp.Pool ? "a pooling"
                : op instanceof AnnOp.GlobalPool ? "a global pooling" : op.getClass().getSimpleName();
        return kind + " (layer \"" + op.layer() + "\")";
    }

    private static void requireChannels(AnnOp.BatchNorm bn, long n, String layer) {
        if (bn.mean().length != n) {
            throw new IllegalArgumentException("AnnToSnn: batch normalisation \"" + bn.layer() + "\" has "
                    + bn.mean().length + " channels but layer \"" + layer + "\" has " + n + " outputs");
        }
    }

    /** {@code 1 / sqrt(var + eps)} per channel, float32 step by step. */
    static float[] inverseStd(AnnOp.BatchNorm bn) {
        float eps = (float) bn.eps();
        float[] r = new float[bn.var().length];
        for (int i = 0; i < r.length; i++) {
            float s = (float) Math.sqrt(bn.var()[i] + eps);
            r[i] = 1f / s;
        }
        return r;
    }

    static float[] foldedBias(float[] b, AnnOp.BatchNorm bn, float[] r) {
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            float centred = b[i] - bn.mean()[i];
            float scaled = centred * r[i];
            out[i] = scaled * bn.gamma()[i] + bn.beta()[i];
        }
        return out;
    }

    static AnnOp.Conv foldConv(AnnOp.Conv c, AnnOp.BatchNorm bn) {
        float[] r = inverseStd(bn);
        float[] w = c.weight().dup('c').reshape(c.weight().length()).toFloatVector();
        int nOut = (int) c.nOut();
        int per = w.length / nOut;
        for (int o = 0; o < nOut; o++) {
            float k = bn.gamma()[o] * r[o];
            for (int j = 0; j < per; j++) {
                w[o * per + j] *= k;
            }
        }
        INDArray weight = Nd4j.create(w, c.weight().shape(), 'c');
        INDArray bias = Nd4j.create(foldedBias(AnnReader.floats(c.bias()), bn, r), new long[] {nOut}, 'c');
        return new AnnOp.Conv(c.layer(), weight, bias, c.kernel(), c.stride(), c.padding(), c.dilation(), c.mode());
    }

    static AnnOp.Dense foldDense(AnnOp.Dense d, AnnOp.BatchNorm bn) {
        float[] r = inverseStd(bn);
        int nIn = (int) d.nIn();
        int nOut = (int) d.nOut();
        float[] w = d.weight().dup('c').reshape(d.weight().length()).toFloatVector(); // [in, out], c order
        for (int i = 0; i < nIn; i++) {
            for (int o = 0; o < nOut; o++) {
                w[i * nOut + o] *= bn.gamma()[o] * r[o];
            }
        }
        INDArray weight = Nd4j.create(w, new long[] {nIn, nOut}, 'c');
        INDArray bias = Nd4j.create(foldedBias(AnnReader.floats(d.bias()), bn, r), new long[] {nOut}, 'c')
                .castTo(DataType.FLOAT);
        return new AnnOp.Dense(d.layer(), weight, bias);
    }
}
