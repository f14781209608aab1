package org.dl4j.snn.nir.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.dl4j.snn.layers.ConvSynapse;
import org.dl4j.snn.layers.DenseSynapse;
import org.dl4j.snn.layers.NeuronLayer;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.SynapseLayer;
import org.dl4j.snn.layers.TimeDropoutLayer;
import org.dl4j.snn.layers.TimeFlatten;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.layers.VotingReadout;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.monitor.internal.SpikingLayers;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.nir.NirArray;
import org.dl4j.snn.nir.NirEdge;
import org.dl4j.snn.nir.NirException;
import org.dl4j.snn.nir.NirExport;
import org.dl4j.snn.nir.NirGraph;
import org.dl4j.snn.nir.NirNode;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J network to NIR graph (see {@link NirExport} for the mapping). Walks the layers (MultiLayerNetwork) or the
 * vertices in topological order (ComputationGraph: layers and add vertices), tracking for each the NIR nodes whose
 * sum is its output and its feature shape.
 */
public final class Exporter {
    private final NirExport.Options o;
    private final double dt;
    private final String who;
    private final Map<String, NirNode> nodes = new LinkedHashMap<>();
    private final List<NirEdge> edges = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** For each unit (layer / vertex / input): the NIR nodes whose outputs add up to its output. */
    private final Map<String, List<String>> sources = new HashMap<>();
    private final Map<String, long[]> shapes = new HashMap<>();
    /** Consumers per unit, to know whether a BatchNorm may be folded into its producer. */
    private final Map<String, Integer> consumers = new HashMap<>();
    /** Synapse nodes without a neuron yet, by unit: BatchNorm may fold into them. */
    private final Map<String, String> foldable = new HashMap<>();
    private boolean softApproximated;

    /** One layer or vertex of the network with its inputs. */
    private record Src(String name, Layer layer, boolean sum, List<String> inputs, Map<String, INDArray> params) {
    }

    private Exporter(NirExport.Options o, String who) {
        this.o = o;
        this.dt = o.dtOrDefault();
        this.who = who;
    }

    public static NirExport.Result export(Model network, NirExport.Options o) {
        String who = network == null ? "null" : network.getClass().getSimpleName();
        return new Exporter(o, who).run(network);
    }

    private NirExport.Result run(Model network) {
        List<Src> srcs;
        String input;
        String output;
        if (network instanceof MultiLayerNetwork m) {
            srcs = new ArrayList<>();
            input = o.inputName() != null ? o.inputName() : "input";
            String prev = input;
            for (int i = 0; i < m.getnLayers(); i++) {
                Layer l = m.getLayerWiseConfigurations().getConf(i).getLayer();
                String name = l.getLayerName() != null ? l.getLayerName() : "layer" + i;
                srcs.add(new Src(name, l, false, List.of(prev), m.getLayer(i).paramTable()));
                prev = name;
            }
            output = prev;
        } else if (network instanceof ComputationGraph cg) {
            ComputationGraphConfiguration conf = cg.getConfiguration();
            if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
                throw new NirException(who + ": NIR export needs one network input and one output, got "
                        + conf.getNetworkInputs() + " and " + conf.getNetworkOutputs());
            }
            input = conf.getNetworkInputs().get(0);
            output = conf.getNetworkOutputs().get(0);
            srcs = new ArrayList<>();
            for (int idx : cg.topologicalSortOrder()) {
                String name = cg.getVertices()[idx].getVertexName();
                if (name.equals(input)) continue;
                GraphVertex v = conf.getVertices().get(name);
                List<String> ins = conf.getVertexInputs().get(name);
                if (v instanceof LayerVertex lv) {
                    if (lv.getPreProcessor() != null && !isFlatten(lv.getPreProcessor())) {
                        throw new NirException(who + ": vertex '" + name + "' has a preprocessor "
                                + lv.getPreProcessor().getClass().getSimpleName() + " with no NIR mapping");
                    }
                    srcs.add(new Src(name, lv.getLayerConf().getLayer(), false, ins, cg.getLayer(name).paramTable()));
                } else if (v instanceof ElementWiseVertex ew && ew.getOp() == ElementWiseVertex.Op.Add) {
                    srcs.add(new Src(name, null, true, ins, Map.of()));
                } else {
                    throw new NirException(who + ": vertex '" + name + "' (" + v.getClass().getSimpleName()
                            + ") has no NIR mapping (only layers and ElementWiseVertex Add, which NIR expresses as"
                            + " several edges into one node)");
                }
            }
        } else {
            throw new NirException("NirExport: expected a MultiLayerNetwork or ComputationGraph, got " + who);
        }
        for (Src s : srcs) for (String in : s.inputs()) consumers.merge(in, 1, Integer::sum);
        long[] inShape = o.inputShape() != null ? o.inputShape() : inferInputShape(srcs);
        String outName = o.outputName() != null ? o.outputName() : "output";
        put(new NirNode(input, "Input", Map.of("shape", NirArray.int64(inShape))));
        sources.put(input, List.of(input));
        shapes.put(input, inShape);
        for (Src s : srcs) visit(s);
        long[] outShape = shapes.get(output);
        put(new NirNode(outName, "Output", Map.of("shape", NirArray.int64(outShape))));
        for (String from : sources.get(output)) edges.add(new NirEdge(from, outName));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("dt", NirArray.float64Scalar(dt));
        meta.put("reset_mode", softApproximated ? "soft" : "hard");
        return new NirExport.Result(new NirGraph(nodes, edges, meta, NirGraph.WRITTEN_VERSION, who), warnings);
    }

    private static boolean isFlatten(Object preprocessor) {
        return preprocessor.getClass().getSimpleName().equals("TimeFlattenPreProcessor");
    }

    private long[] inferInputShape(List<Src> srcs) {
        for (Src s : srcs) {
            if (s.sum()) continue;
            Layer l = SpikingLayers.unwrap(s.layer());
            if (l instanceof SynapseLayer<?> sl && sl.getSynapse() instanceof ConvSynapse c) {
                return new long[] {sl.getNIn(), c.getInputHeight(), c.getInputWidth()};
            }
            if (l instanceof SynapseLayer<?> sl && sl.getSynapse() instanceof DenseSynapse) return new long[] {sl.getNIn()};
            if (l instanceof SpikingNeuron n && n.getSpatial() == 1) return new long[] {n.getNIn()};
            break;
        }
        throw new NirException(who + ": cannot tell the input shape from the first layer; give it"
                + " (NirExport.Options.withInputShape, --input-shape)");
    }

    // ---- layers --------------------------------------------------------------------------------------------

    private String layerWho(Src s) {
        return who + ": layer '" + s.name() + "' (" + s.layer().getClass().getSimpleName() + ")";
    }

    private void visit(Src s) {
        List<String> in = new ArrayList<>();
        for (String i : s.inputs()) in.addAll(sources.get(i));
        long[] inShape = shapes.get(s.inputs().get(0));
        if (s.sum()) {
            for (String i : s.inputs()) {
                if (!Arrays.equals(shapes.get(i), inShape)) {
                    throw new NirException(who + ": vertex '" + s.name() + "' adds inputs of different shapes");
                }
            }
            sources.put(s.name(), in);
            shapes.put(s.name(), inShape);
            return;
        }
        Layer l = SpikingLayers.unwrap(s.layer());
        String name = s.name();
        if (l instanceof SynapseLayer<?> sl && sl.getSynapse() instanceof ConvSynapse c) {
            conv(s, sl, c, in, inShape);
        } else if (l instanceof SynapseLayer<?> sl && sl.getSynapse() instanceof DenseSynapse) {
            dense(s, sl, in, inShape);
        } else if (l instanceof SpikingNeuron n) {
            String node = neuronNodeName(name, n.getNeuron(), false);
            neuron(s, n.getNeuron(), node, in, inShape);
            alias(s, List.of(node), inShape);
        } else if (l instanceof TimePooling p) {
            pool(s, p, in, inShape);
        } else if (l instanceof TimeFlatten) {
            if (inShape.length == 1) {
                alias(s, in, inShape);
            } else {
                put(flattenNode(name, inShape));
                connect(in, name);
                alias(s, List.of(name), new long[] {product(inShape)});
            }
        } else if (l instanceof BatchNormalization bn) {
            foldBatchNorm(s, bn, inShape);
        } else if (l instanceof TimeDropoutLayer) {
            alias(s, in, inShape);
        } else if (l instanceof TemporalLossLayer t) {
            if (!(t.getActivationFn() instanceof ActivationIdentity)) {
                String what = layerWho(s) + ": activation " + t.getActivationFn() + " is not the identity; NIR has no"
                        + " node for it";
                if (!o.approximate()) throw new NirException(what + " (the approximate option leaves it out)");
                warnings.add(what + ": left out, the file outputs the values before the activation");
            }
            alias(s, in, inShape);
        } else if (l instanceof VotingReadout v) {
            vote(s, v, in, inShape);
        } else {
            throw new NirException(layerWho(s) + ": no NIR mapping for this layer type (supported: SpikingDense,"
                    + " LeakyIntegratorReadout, SpikingConv, TimeConv, SpikingNeuron, TimePooling, TimeFlatten,"
                    + " TimeBatchNorm after a TimeConv, TimeDropout, TemporalLossLayer)");
        }
    }

    private void alias(Src s, List<String> src, long[] shape) {
        sources.put(s.name(), src);
        shapes.put(s.name(), shape);
    }

    private void put(NirNode n) {
        if (nodes.containsKey(n.name())) {
            throw new NirException(who + ": two NIR nodes would be named '" + n.name() + "'; rename a layer");
        }
        nodes.put(n.name(), n);
    }

    private void connect(List<String> from, String to) {
        for (String f : from) edges.add(new NirEdge(f, to));
    }

    /** Synapse and neuron node names of a layer: "a+b" gives a and b, else NAME and NAME.lif (etc.). */
    private static String[] split(String layer) {
        int i = layer.indexOf(Importer.FUSED);
        if (i > 0 && i < layer.length() - 1 && layer.indexOf(Importer.FUSED, i + 1) < 0) {
            return new String[] {layer.substring(0, i), layer.substring(i + 1)};
        }
        return null;
    }

    private static String neuronNodeName(String layer, NeuronConfig cfg, boolean withSynapse) {
        String[] parts = split(layer);
        if (withSynapse && parts != null) return parts[1];
        if (!withSynapse) return layer;
        String kind = cfg.model() == NeuronModel.CUBA_LIF ? "cubalif" : cfg.model() == NeuronModel.IF ? "if"
                : cfg.spiking() ? "lif" : "li";
        return layer + "." + kind;
    }

    private static String synapseNodeName(String layer) {
        String[] parts = split(layer);
        return parts != null ? parts[0] : layer;
    }

    /** Whether a dense layer's neuron only passes its input through (H = X): then the layer is a bare synapse. */
    private static boolean passThrough(NeuronConfig c) {
        return !c.spiking() && c.model() == NeuronModel.LIF && c.tau() == 1 && !c.learnTau() && c.decayInput()
                && c.vReset() == 0 && c.reset() == Reset.HARD && c.v0Mode() == V0Mode.REST;
    }

    private void dense(Src s, SynapseLayer<?> d, List<String> in, long[] inShape) {
        long nIn = d.getNIn();
        long nOut = d.getNOut();
        if (product(inShape) != nIn) {
            throw new NirException(layerWho(s) + ": nIn = " + nIn + " but its input has shape " + Arrays.toString(inShape));
        }
        List<String> feed = in;
        if (inShape.length > 1) {
            String f = s.name() + ".flatten";
            put(flattenNode(f, inShape));
            connect(in, f);
            feed = List.of(f);
        }
        String syn = synapseNodeName(s.name());
        INDArray w = s.params().get("W");
        Map<String, NirArray> f = new LinkedHashMap<>();
        f.put("weight", NirArray.float32(w.transpose().dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .data().asDouble(), nOut, nIn));
        if (d.hasBias()) f.put("bias", NirArray.float32(s.params().get("b").dup('c').castTo(
                org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble(), nOut));
        put(new NirNode(syn, d.hasBias() ? "Affine" : "Linear", f));
        connect(feed, syn);
        // Every dense synapse layer has a neuron (SpikingDense, LeakyIntegratorReadout).
        NeuronConfig cfg = ((NeuronLayer) d).getNeuron();
        long[] outShape = {nOut};
        if (passThrough(cfg) && split(s.name()) == null) {
            foldable.put(s.name(), syn);
            alias(s, List.of(syn), outShape);
            return;
        }
        String neuron = neuronNodeName(s.name(), cfg, true);
        neuron(s, cfg, neuron, List.of(syn), outShape);
        alias(s, List.of(neuron), outShape);
    }

    private void conv(Src s, SynapseLayer<?> layer, ConvSynapse c, List<String> in, long[] inShape) {
        if (inShape.length != 3) {
            throw new NirException(layerWho(s) + ": expects conv input [C, H, W], got " + Arrays.toString(inShape));
        }
        int[] k = c.getKernelSize();
        int[] st = c.getStride();
        int[] dil = c.getDilation();
        int[] pad = c.getPadding();
        long outH = c.outputHeight();
        long outW = c.outputWidth();
        if (c.getConvolutionMode() == ConvolutionMode.Same) {
            for (int a = 0; a < 2; a++) {
                long inDim = inShape[a + 1];
                long out = a == 0 ? outH : outW;
                long total = Math.max(0, (out - 1) * st[a] + (long) (k[a] - 1) * dil[a] + 1 - inDim);
                if (total % 2 != 0) {
                    throw new NirException(layerWho(s) + ": ConvolutionMode.Same needs asymmetric padding here,"
                            + " which NIR's Conv2d cannot express");
                }
                pad[a] = (int) (total / 2);
            }
        }
        String syn = synapseNodeName(s.name());
        long nOut = layer.getNOut();
        Map<String, NirArray> f = new LinkedHashMap<>();
        INDArray w = s.params().get("W");
        f.put("weight", NirArray.float32(w.dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data()
                .asDouble(), w.shape()));
        double[] bias = c.hasBias() ? s.params().get("b").dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .data().asDouble() : new double[(int) nOut];
        f.put("bias", NirArray.float32(bias, nOut));
        f.put("stride", NirArray.int64(st[0], st[1]));
        f.put("padding", NirArray.int64(pad[0], pad[1]));
        f.put("dilation", NirArray.int64(dil[0], dil[1]));
        f.put("groups", NirArray.int64Scalar(1));
        f.put("input_shape", NirArray.int64(inShape[1], inShape[2]));
        put(new NirNode(syn, "Conv2d", f));
        connect(in, syn);
        long[] outShape = {nOut, outH, outW};
        if (!(layer instanceof NeuronLayer n)) { // TimeConv: the synapse alone
            foldable.put(s.name(), syn);
            alias(s, List.of(syn), outShape);
            return;
        }
        NeuronConfig cfg = n.getNeuron();
        String neuron = neuronNodeName(s.name(), cfg, true);
        neuron(s, cfg, neuron, List.of(syn), outShape);
        alias(s, List.of(neuron), outShape);
    }

    private void neuron(Src s, NeuronConfig cfg, String node, List<String> in, long[] shape) {
        Map<String, double[]> table = new HashMap<>();
        for (Map.Entry<String, INDArray> p : s.params().entrySet()) {
            if (!p.getKey().equals("W") && !p.getKey().equals("b")) {
                table.put(p.getKey(), p.getValue().dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                        .data().asDouble());
            }
        }
        NeuronMapping.Exported e = NeuronMapping.toNir(cfg, table, shape, dt, o.approximate(), layerWho(s));
        if (cfg.reset() == Reset.SOFT && cfg.spiking()) softApproximated = true;
        warnings.addAll(e.warnings());
        put(new NirNode(node, e.type(), e.fields()));
        connect(in, node);
    }

    private void pool(Src s, TimePooling p, List<String> in, long[] inShape) {
        int[] k = p.getKernelSize();
        int[] st = p.getStride();
        int[] pad = p.getPadding();
        if (pad[0] != 0 || pad[1] != 0 || p.getConvolutionMode() == ConvolutionMode.Same) {
            throw new NirException(layerWho(s) + ": pooling with padding has no exact NIR mapping here (only padding 0)");
        }
        long[] out = {inShape[0], (inShape[1] - k[0]) / st[0] + 1, (inShape[2] - k[1]) / st[1] + 1};
        Map<String, NirArray> f = new LinkedHashMap<>();
        f.put("kernel_size", NirArray.int64(k[0], k[1]));
        f.put("stride", NirArray.int64(st[0], st[1]));
        f.put("padding", NirArray.int64(0, 0));
        PoolingType t = p.getPoolingType() == null ? null
                : PoolingType.valueOf(p.getPoolingType().name());
        String name = s.name();
        if (t == PoolingType.AVG) {
            put(new NirNode(name, "AvgPool2d", f));
            connect(in, name);
            alias(s, List.of(name), out);
        } else if (t == PoolingType.SUM || (t == PoolingType.PNORM && p.getPnorm() == 1)) {
            put(new NirNode(name, "SumPool2d", f));
            connect(in, name);
            alias(s, List.of(name), out);
        } else if (t == PoolingType.MAX) {
            String what = layerWho(s) + ": max pooling has no NIR node";
            if (!o.approximate()) {
                throw new NirException(what + " (the approximate option writes SumPool2d + Threshold 0.5, which equals"
                        + " max pooling on binary spikes)");
            }
            warnings.add(what + ": written as SumPool2d '" + name + "' + Threshold 0.5 '" + name
                    + ".max'; equal to max pooling for binary spike input only");
            put(new NirNode(name, "SumPool2d", f));
            connect(in, name);
            String th = name + ".max";
            put(new NirNode(th, "Threshold", Map.of("threshold", NirArray.filled64(0.5, out))));
            edges.add(new NirEdge(name, th));
            alias(s, List.of(th), out);
        } else {
            throw new NirException(layerWho(s) + ": pooling type " + p.getPoolingType() + " has no NIR mapping");
        }
    }

    private void vote(Src s, VotingReadout v, List<String> in, long[] inShape) {
        int votes = v.getVotes();
        long n = product(inShape);
        String what = layerWho(s) + ": a voting readout (mean of " + votes + " neurons per class) is not a NIR neuron"
                + " or synapse type";
        if (!o.approximate()) {
            throw new NirException(what + " (the approximate option writes it as a Linear node of weights 1/votes)");
        }
        if (n % votes != 0) throw new NirException(layerWho(s) + ": " + n + " inputs are not a multiple of " + votes);
        long classes = n / votes;
        double[] w = new double[(int) (classes * n)];
        for (int c = 0; c < classes; c++) for (int j = 0; j < votes; j++) w[(int) (c * n + c * votes + j)] = 1.0 / votes;
        warnings.add(what + ": written as Linear '" + s.name() + "' of weights 1/" + votes
                + "; the output is real-valued (vote fractions), not spikes");
        put(new NirNode(s.name(), "Linear", Map.of("weight", NirArray.float32(w, classes, n))));
        connect(in, s.name());
        alias(s, List.of(s.name()), new long[] {classes});
    }

    /** Folds an inference-mode batch norm into the synapse node that alone feeds it. */
    private void foldBatchNorm(Src s, BatchNormalization bn, long[] inShape) {
        String from = s.inputs().get(0);
        String syn = foldable.get(from);
        if (syn == null || consumers.getOrDefault(from, 0) != 1) {
            throw new NirException(layerWho(s) + ": NIR has no BatchNorm node and this one cannot be folded: it must"
                    + " follow a TimeConv (or a dense layer without neuron) that feeds nothing else");
        }
        int c = (int) inShape[0];
        double eps = bn.getEps();
        double[] gamma = bn.isLockGammaBeta() ? filled(c, bn.getGamma()) : vec(s, BatchNormalizationParamInitializer.GAMMA);
        double[] beta = bn.isLockGammaBeta() ? filled(c, bn.getBeta()) : vec(s, BatchNormalizationParamInitializer.BETA);
        double[] mean = vec(s, BatchNormalizationParamInitializer.GLOBAL_MEAN);
        double[] var;
        if (bn.isUseLogStd()) {
            double[] log10s = vec(s, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            var = new double[c];
            for (int i = 0; i < c; i++) {
                double std = Math.pow(10, log10s[i]);
                var[i] = std * std;
            }
        } else {
            var = vec(s, BatchNormalizationParamInitializer.GLOBAL_VAR);
        }
        NirNode node = nodes.get(syn);
        NirArray w = node.field("weight");
        NirArray b = node.field("bias");
        long[] ws = w.shape();
        int perOut = (int) (w.size() / ws[0]);
        double[] nw = w.values();
        double[] nb = b != null ? b.values() : new double[(int) ws[0]];
        for (int o2 = 0; o2 < ws[0]; o2++) {
            double scale = gamma[o2] / Math.sqrt(var[o2] + eps);
            for (int j = 0; j < perOut; j++) nw[o2 * perOut + j] = (float) (nw[o2 * perOut + j] * scale);
            nb[o2] = (float) ((nb[o2] - mean[o2]) * scale + beta[o2]);
        }
        Map<String, NirArray> f = new LinkedHashMap<>(node.fields());
        f.put("weight", NirArray.float32(nw, ws));
        f.put("bias", NirArray.float32(nb, ws[0]));
        String type = node.type().equals("Linear") ? "Affine" : node.type();
        nodes.put(syn, new NirNode(syn, type, f));
        warnings.add(layerWho(s) + ": folded into '" + syn + "' with its running statistics (inference mode)");
        foldable.remove(from);
        alias(s, sources.get(from), inShape);
    }

    private double[] vec(Src s, String key) {
        INDArray a = s.params().get(key);
        if (a == null) throw new NirException(layerWho(s) + ": has no parameter '" + key + "'");
        return a.dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static NirNode flattenNode(String name, long[] inShape) {
        Map<String, NirArray> f = new LinkedHashMap<>();
        f.put("start_dim", NirArray.int64Scalar(0));
        f.put("end_dim", NirArray.int64Scalar(-1));
        f.put("input_type", NirArray.int64(inShape));
        return new NirNode(name, "Flatten", f);
    }

    private static long product(long[] s) {
        long p = 1;
        for (long d : s) p *= d;
        return p;
    }

    @SuppressWarnings("unused")
    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
