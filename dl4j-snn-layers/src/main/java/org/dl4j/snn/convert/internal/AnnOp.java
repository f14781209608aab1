package org.dl4j.snn.convert.internal;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of a feed-forward ANN as the converter sees it, after DL4J's layers are taken apart (a
 * {@code ConvolutionLayer} with a ReLU activation is a {@link Conv} followed by a {@link Relu}). Weights are float32
 * copies in DL4J's layouts; {@code layer} names the ANN layer the step came from, for messages and scales.
 */
public sealed interface AnnOp {

    /** Name of the ANN layer (or graph vertex) this step came from. */
    String layer();

    /**
     * 2-D cross-correlation, NCHW: {@code weight [out, in, kH, kW]}, {@code bias [out]}.
     */
    record Conv(String layer, INDArray weight, INDArray bias, int[] kernel, int[] stride, int[] padding,
                int[] dilation, ConvolutionMode mode) implements AnnOp {
        public long nIn() {
            return weight.size(1);
        }

        public long nOut() {
            return weight.size(0);
        }
    }

    /** Fully connected, {@code y = x weight + bias}: {@code weight [in, out]}, {@code bias [out]}. */
    record Dense(String layer, INDArray weight, INDArray bias) implements AnnOp {
        public long nIn() {
            return weight.size(0);
        }

        public long nOut() {
            return weight.size(1);
        }
    }

    /**
     * Inference batch normalisation per channel, {@code y = (x - mean) / sqrt(var + eps) * gamma + beta}.
     */
    record BatchNorm(String layer, float[] gamma, float[] beta, float[] mean, float[] var, double eps)
            implements AnnOp {
    }

    /** {@code max(x, 0)}: becomes an IF neuron. */
    record Relu(String layer) implements AnnOp {
    }

    /** 2-D pooling of every channel (AVG, SUM; MAX only when the converter allows it). */
    record Pool(String layer, PoolingType type, int[] kernel, int[] stride, int[] padding, int[] dilation,
                ConvolutionMode mode, boolean avgPoolIncludePadInDivisor) implements AnnOp {
    }

    /** Global pooling over H and W, {@code [b, C, H, W] -> [b, C]}. */
    record GlobalPool(String layer, PoolingType type) implements AnnOp {
    }
}
