package org.dl4j.snn.layers.internal.params;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.dl4j.snn.layers.ConvSynapse;
import org.dl4j.snn.layers.DenseSynapse;
import org.dl4j.snn.layers.Synapse;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The synapse part of a layer's parameters, at the start of its flat parameter view: "W" (a weight) and, with a bias,
 * "b" [nOut] (bias-like). Dense: "W" [nIn, nOut] in f order (DL4J's dense layout), fan-in nIn, fan-out nOut. Conv:
 * "W" [nOut, nIn, kH, kW] in c order (DL4J's 2-D conv layout), fan-in nIn*kH*kW, fan-out nOut*kH*kW. The weight
 * init is the layer's (Xavier when it has none); the bias starts at the layer's bias init.
 *
 * @param weightShape the shape of "W"
 * @param order       the order of "W" in the flat view
 * @param fanIn       fan-in for the weight init
 * @param fanOut      fan-out for the weight init
 * @param nOut        output channels (the length of "b")
 * @param hasBias     whether there is a "b"
 */
record SynapseParams(long[] weightShape, char order, double fanIn, double fanOut, long nOut, boolean hasBias) {

    /** No synapse (a layer of neurons alone): no parameters. */
    static final SynapseParams NONE = new SynapseParams(new long[] {0}, 'c', 0, 0, 0, false);

    /** The parameters of {@code synapse} in a layer of {@code nIn} inputs and {@code nOut} outputs. */
    static SynapseParams of(Synapse synapse, long nIn, long nOut) {
        if (synapse instanceof ConvSynapse c) {
            int[] k = c.getKernelSize();
            return new SynapseParams(new long[] {nOut, nIn, k[0], k[1]}, 'c', (double) nIn * k[0] * k[1],
                    (double) nOut * k[0] * k[1], nOut, c.hasBias());
        }
        DenseSynapse d = (DenseSynapse) synapse;
        return new SynapseParams(new long[] {nIn, nOut}, 'f', nIn, nOut, nOut, d.hasBias());
    }

    long weightLength() {
        long n = 1;
        for (long s : weightShape) n *= s;
        return n;
    }

    /** Number of values: W, then b. */
    long length() {
        return this == NONE ? 0 : weightLength() + (hasBias ? nOut : 0);
    }

    List<String> weightKeys() {
        return this == NONE ? List.of() : List.of(SynapseNeuronParamInitializer.WEIGHT_KEY);
    }

    List<String> biasKeys() {
        return hasBias ? List.of(SynapseNeuronParamInitializer.BIAS_KEY) : List.of();
    }

    /** Puts the views of W and b, from the start of the vector {@code flat}, into {@code out}; returns their length. */
    long slice(INDArray flat, Map<String, INDArray> out) {
        if (this == NONE) return 0;
        long n = weightLength();
        out.put(SynapseNeuronParamInitializer.WEIGHT_KEY,
                flat.get(NDArrayIndex.interval(0, n)).reshape(order, weightShape));
        if (hasBias) {
            out.put(SynapseNeuronParamInitializer.BIAS_KEY, flat.get(NDArrayIndex.interval(n, n + nOut)));
            n += nOut;
        }
        return n;
    }

    /** Draws W by the layer's weight init and sets b to its bias init. */
    void initialise(FeedForwardLayer layer, Map<String, INDArray> views) {
        if (this == NONE) return;
        IWeightInit init = layer.getWeightInitFn() == null ? new WeightInitXavier() : layer.getWeightInitFn();
        INDArray w = views.get(SynapseNeuronParamInitializer.WEIGHT_KEY);
        views.put(SynapseNeuronParamInitializer.WEIGHT_KEY, init.init(fanIn, fanOut, weightShape, order, w));
        if (hasBias) {
            views.get(SynapseNeuronParamInitializer.BIAS_KEY).assign(layer.getBiasInit());
        }
    }
}
