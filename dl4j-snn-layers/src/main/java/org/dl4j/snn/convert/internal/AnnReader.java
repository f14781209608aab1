package org.dl4j.snn.convert.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Takes a trained DL4J network apart into {@link AnnOp}s: a {@link MultiLayerNetwork}, or a
 * {@link ComputationGraph} that is a chain (one input, one output, every vertex fed by the one before). Supported:
 * {@code ConvolutionLayer} (NCHW), {@code DenseLayer}, {@code BatchNormalization}, ReLU (as a layer's activation or an
 * {@code ActivationLayer}), {@code SubsamplingLayer}, {@code GlobalPoolingLayer}, {@code DropoutLayer} (dropped), and
 * an {@code OutputLayer} / {@code LossLayer} at the end (softmax dropped: it does not change the argmax). Everything
 * else is refused with a message naming the layer.
 */
public final class AnnReader {

    /**
     * The ANN as steps.
     *
     * @param ops        the steps in forward order
     * @param imageShape {@code [C, H, W]} when the network takes flat input and views it as an image first
     *                   ({@code InputType.convolutionalFlat}), else null
     * @param inputName  the graph's input name (null for a MultiLayerNetwork)
     */
    public record Model(List<AnnOp> ops, long[] imageShape, String inputName) {
    }

    private final List<AnnOp> ops = new ArrayList<>();
    private long[] imageShape;
    private boolean ended;

    private AnnReader() {
    }

    public static Model read(MultiLayerNetwork net) {
        AnnReader r = new AnnReader();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        int n = conf.getConfs().size();
        for (int i = 0; i < n; i++) {
            org.deeplearning4j.nn.conf.layers.Layer l = conf.getConf(i).getLayer();
            String name = l.getLayerName() != null ? l.getLayerName() : "layer" + i;
            r.preprocessor(conf.getInputPreProcess(i), name, i == 0);
            r.layer(l, name, net.getLayer(i), i == n - 1);
        }
        return r.finish(null);
    }

    public static Model read(ComputationGraph graph) {
        AnnReader r = new AnnReader();
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("AnnToSnn: only graphs with one input and one output can be converted, "
                    + "got inputs " + conf.getNetworkInputs() + " and outputs " + conf.getNetworkOutputs());
        }
        String input = conf.getNetworkInputs().get(0);
        String output = conf.getNetworkOutputs().get(0);
        Map<String, List<String>> inputs = conf.getVertexInputs();
        List<String> chain = new ArrayList<>();
        String previous = input;
        while (!previous.equals(output)) {
            String next = null;
            for (Map.Entry<String, List<String>> e : inputs.entrySet()) {
                if (e.getValue().contains(previous)) {
                    if (next != null || e.getValue().size() != 1) {
                        throw new IllegalArgumentException("AnnToSnn: only chains can be converted (each vertex fed by"
                                + " the one before), but \"" + previous + "\" feeds " + consumers(inputs, previous)
                                + (e.getValue().size() != 1 ? " and \"" + e.getKey() + "\" has inputs "
                                + e.getValue() : ""));
                    }
                    next = e.getKey();
                }
            }
            if (next == null) {
                throw new IllegalArgumentException("AnnToSnn: vertex \"" + previous + "\" feeds nothing, but the "
                        + "output is \"" + output + "\"");
            }
            chain.add(next);
            previous = next;
        }
        if (chain.size() != conf.getVertices().size()) {
            throw new IllegalArgumentException("AnnToSnn: only chains can be converted; vertices off the path from \""
                    + input + "\" to \"" + output + "\": " + offPath(conf.getVertices().keySet(), chain));
        }
        for (int i = 0; i < chain.size(); i++) {
            String name = chain.get(i);
            GraphVertex v = conf.getVertices().get(name);
            boolean last = i == chain.size() - 1;
            if (v instanceof LayerVertex lv) {
                r.preprocessor(lv.getPreProcessor(), name, i == 0);
                r.layer(lv.getLayerConf().getLayer(), name, graph.getLayer(name), last);
            } else if (v instanceof PreprocessorVertex pv) {
                r.preprocessor(pv.getPreProcessor(), name, i == 0);
            } else {
                throw new IllegalArgumentException("AnnToSnn: graph vertex \"" + name + "\" ("
                        + v.getClass().getSimpleName() + ") is not supported; only layer and preprocessor vertices "
                        + "in a chain can be converted");
            }
        }
        return r.finish(input);
    }

    private static List<String> consumers(Map<String, List<String>> inputs, String vertex) {
        List<String> out = new ArrayList<>();
        inputs.forEach((k, v) -> {
            if (v.contains(vertex)) {
                out.add(k);
            }
        });
        return out;
    }

    private static List<String> offPath(java.util.Collection<String> all, List<String> chain) {
        List<String> out = new ArrayList<>(all);
        out.removeAll(chain);
        return out;
    }

    private Model finish(String inputName) {
        if (ops.stream().noneMatch(o -> o instanceof AnnOp.Relu)) {
            throw new IllegalArgumentException("AnnToSnn: the network has no ReLU, so there is nothing to turn into "
                    + "spiking neurons");
        }
        return new Model(List.copyOf(ops), imageShape, inputName);
    }

    private void preprocessor(InputPreProcessor p, String layer, boolean first) {
        if (p == null) {
            return;
        }
        if (p instanceof CnnToFeedForwardPreProcessor c) {
            if (c.getFormat() != null && c.getFormat() != CNN2DFormat.NCHW) {
                throw new IllegalArgumentException("AnnToSnn: layer \"" + layer + "\": only NCHW activations are "
                        + "supported, the flatten before it uses " + c.getFormat());
            }
            return; // flattening is implicit: the spiking dense layer flattens [b, C, T, H, W] in the same order
        }
        if (p instanceof FeedForwardToCnnPreProcessor f && first) {
            imageShape = new long[] {f.getNumChannels(), f.getInputHeight(), f.getInputWidth()};
            return;
        }
        throw new IllegalArgumentException("AnnToSnn: layer \"" + layer + "\": input preprocessor "
                + p.getClass().getSimpleName() + " is not supported (supported: CnnToFeedForwardPreProcessor, and "
                + "FeedForwardToCnnPreProcessor in front of the first layer)");
    }

    private void layer(org.deeplearning4j.nn.conf.layers.Layer l, String name, Layer runtime, boolean last) {
        if (ended) {
            throw new IllegalArgumentException("AnnToSnn: layer \"" + name + "\" follows the output layer");
        }
        Class<?> c = l.getClass();
        if (c == ConvolutionLayer.class) {
            ConvolutionLayer cl = (ConvolutionLayer) l;
            if (cl.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                throw new IllegalArgumentException("AnnToSnn: layer \"" + name + "\": only NCHW convolutions are "
                        + "supported, got " + cl.getCnn2dDataFormat());
            }
            INDArray w = param(runtime, DefaultParamInitializer.WEIGHT_KEY, name);
            ops.add(new AnnOp.Conv(name, w, bias(runtime, cl.isHasBias(), w.size(0), name), cl.getKernelSize().clone(),
                    cl.getStride().clone(), cl.getPadding().clone(), cl.getDilation().clone(),
                    cl.getConvolutionMode()));
            activation(cl.getActivationFn(), name, false);
        } else if (c == DenseLayer.class) {
            DenseLayer d = (DenseLayer) l;
            if (d.isHasLayerNorm()) {
                throw new IllegalArgumentException("AnnToSnn: layer \"" + name + "\": DenseLayer with layer "
                        + "normalisation is not supported");
            }
            INDArray w = param(runtime, DefaultParamInitializer.WEIGHT_KEY, name);
            ops.add(new AnnOp.Dense(name, w, bias(runtime, d.isHasBias(), w.size(1), name)));
            activation(d.getActivationFn(), name, false);
        } else if (c == OutputLayer.class) {
            requireLast(name, last, "OutputLayer");
            OutputLayer o = (OutputLayer) l;
            INDArray w = param(runtime, DefaultParamInitializer.WEIGHT_KEY, name);
            ops.add(new AnnOp.Dense(name, w, bias(runtime, o.isHasBias(), w.size(1), name)));
            activation(o.getActivationFn(), name, true);
            ended = true;
        } else if (c == LossLayer.class) {
            requireLast(name, last, "LossLayer");
            activation(((LossLayer) l).getActivationFn(), name, true);
            ended = true;
        } else if (c == BatchNormalization.class) {
            BatchNormalization bn = (BatchNormalization) l;
            if (bn.getCnn2DFormat() != null && bn.getCnn2DFormat() != CNN2DFormat.NCHW) {
                throw new IllegalArgumentException("AnnToSnn: layer \"" + name + "\": only NCHW batch normalisation is "
                        + "supported, got " + bn.getCnn2DFormat());
            }
            ops.add(batchNorm(bn, runtime, name)); // DL4J's batch normalisation applies no activation function
        } else if (c == ActivationLayer.class) {
            activation(((ActivationLayer) l).getActivationFn(), name, false);
        } else if (c == SubsamplingLayer.class) {
            SubsamplingLayer s = (SubsamplingLayer) l;
            if (s.getCnn2dDataFormat() != null && s.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                throw new IllegalArgumentException("AnnToSnn: layer \"" + name + "\": only NCHW pooling is supported, "
                        + "got " + s.getCnn2dDataFormat());
            }
            ops.add(new AnnOp.Pool(name, s.getPoolingType(), s.getKernelSize().clone(), s.getStride().clone(),
                    s.getPadding().clone(), s.getDilation().clone(), s.getConvolutionMode(),
                    s.isAvgPoolIncludePadInDivisor()));
        } else if (c == GlobalPoolingLayer.class) {
            GlobalPoolingLayer g = (GlobalPoolingLayer) l;
            int[] dims = g.getPoolingDimensions();
            if (!g.isCollapseDimensions() || (dims != null && !(dims.length == 2 && dims[0] == 2 && dims[1] == 3))) {
                throw new IllegalArgumentException("AnnToSnn: layer \"" + name + "\": only global pooling over H and W"
                        + " of NCHW activations with collapsed dimensions is supported");
            }
            ops.add(new AnnOp.GlobalPool(name, g.getPoolingType()));
        } else if (c == DropoutLayer.class) {
            return; // inference: dropout is the identity
        } else {
            throw new IllegalArgumentException("AnnToSnn: layer \"" + name + "\" (" + c.getSimpleName() + ") is not "
                    + "supported; supported are ConvolutionLayer, DenseLayer, BatchNormalization, ActivationLayer "
                    + "(ReLU), SubsamplingLayer, GlobalPoolingLayer, DropoutLayer, OutputLayer and LossLayer");
        }
    }

    private static void requireLast(String name, boolean last, String kind) {
        if (!last) {
            throw new IllegalArgumentException("AnnToSnn: layer \"" + name + "\": a " + kind + " must be the last "
                    + "layer");
        }
    }

    private void activation(IActivation fn, String name, boolean output) {
        if (fn == null || fn instanceof ActivationIdentity) {
            return;
        }
        if (output && fn instanceof ActivationSoftmax) {
            return; // the readout's argmax is the same without it
        }
        if (!output && isPlainRelu(fn)) {
            ops.add(new AnnOp.Relu(name));
            return;
        }
        throw new IllegalArgumentException("AnnToSnn: layer \"" + name + "\": activation " + fn + " cannot be "
                + "converted; hidden layers need ReLU (or identity followed by ReLU), the output layer softmax or "
                + "identity");
    }

    /** ReLU without cap, threshold or negative slope. */
    static boolean isPlainRelu(IActivation fn) {
        if (!(fn instanceof ActivationReLU r)) {
            return false;
        }
        return r.getMax() == null && (r.getThreshold() == null || r.getThreshold() == 0)
                && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0);
    }

    private static INDArray param(Layer runtime, String key, String name) {
        INDArray p = runtime.getParam(key);
        if (p == null) {
            throw new IllegalArgumentException("AnnToSnn: layer \"" + name + "\" has no parameter \"" + key + "\"");
        }
        return p.castTo(DataType.FLOAT).dup('c');
    }

    private static INDArray bias(Layer runtime, boolean hasBias, long n, String name) {
        return hasBias ? param(runtime, DefaultParamInitializer.BIAS_KEY, name).reshape(n)
                : Nd4j.zeros(DataType.FLOAT, n);
    }

    private static AnnOp.BatchNorm batchNorm(BatchNormalization bn, Layer runtime, String name) {
        float[] mean = floats(param(runtime, BatchNormalizationParamInitializer.GLOBAL_MEAN, name));
        int n = mean.length;
        float[] var;
        if (bn.isUseLogStd()) {
            // DL4J stores log10(std) with var = (10^log10std)^2 (its inference then adds eps again).
            float[] log10std = floats(param(runtime, BatchNormalizationParamInitializer.GLOBAL_LOG_STD, name));
            var = new float[n];
            for (int i = 0; i < n; i++) {
                float std = (float) Math.pow(10, log10std[i]);
                var[i] = std * std;
            }
        } else {
            var = floats(param(runtime, BatchNormalizationParamInitializer.GLOBAL_VAR, name));
        }
        float[] gamma = new float[n];
        float[] beta = new float[n];
        if (bn.isLockGammaBeta()) {
            java.util.Arrays.fill(gamma, (float) bn.getGamma());
            java.util.Arrays.fill(beta, (float) bn.getBeta());
        } else {
            gamma = floats(param(runtime, BatchNormalizationParamInitializer.GAMMA, name));
            beta = floats(param(runtime, BatchNormalizationParamInitializer.BETA, name));
        }
        return new AnnOp.BatchNorm(name, gamma, beta, mean, var, bn.getEps());
    }

    static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').reshape(a.length()).toFloatVector();
    }
}
