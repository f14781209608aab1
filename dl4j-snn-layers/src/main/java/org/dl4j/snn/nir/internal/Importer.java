package org.dl4j.snn.nir.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.TimeConv;
import org.dl4j.snn.layers.TimeFlatten;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.nir.NirArray;
import org.dl4j.snn.nir.NirException;
import org.dl4j.snn.nir.NirGraph;
import org.dl4j.snn.nir.NirImport;
import org.dl4j.snn.nir.NirModel;
import org.dl4j.snn.nir.NirNode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NIR graph to DL4J network (see {@link NirImport} for the mapping). Walks the nodes in topological order, infers
 * every node's output shape from the Input node, turns nodes into units (a layer or an add vertex), then builds a
 * MultiLayerNetwork when the units form a chain, else a ComputationGraph, and copies the parameters in.
 */
public final class Importer {
    /** Joins the names of a synapse node and the neuron node fused with it into one layer name. */
    public static final String FUSED = "+";
    /** Suffix of the add vertex in front of a node with several incoming edges. */
    public static final String SUM_SUFFIX = "#sum";
    /** The neuron of a synapse imported without one: H = X (non-spiking LIF, tau = 1 step). */
    public static final NeuronConfig PASS_THROUGH =
            NeuronConfig.builder().model(NeuronModel.LIF).tau(1).decayInput(true).spiking(false).build();

    private final NirGraph g;
    private final NirImport.Options o;
    private final String src;
    private final double dt;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    /** The unit whose output is node n's output. */
    private final Map<String, String> producer = new LinkedHashMap<>();
    private final Map<String, String> layerOfNode = new LinkedHashMap<>();
    private final List<Unit> units = new ArrayList<>();
    private final java.util.Set<String> fusedNeurons = new java.util.HashSet<>();
    private String inputName;
    private long[] inputShape;
    private String outputUnit;

    /** A layer or an add vertex, its inputs (unit names) and its parameters (key to value). */
    private record Unit(String name, Layer layer, boolean sum, List<String> inputs, Map<String, INDArray> params) {
    }

    private Importer(NirGraph g, NirImport.Options o) {
        this.g = g;
        this.o = o;
        this.src = g.source();
        double fileDt = g.metadataDt();
        if (o.dt() != null) {
            dt = o.dt();
            if (!Double.isNaN(fileDt) && !NeuronMapping.close(fileDt, dt)) {
                warnings.add(src + ": dt = " + dt + " s given, the file's metadata/dt is " + fileDt + " s; using "
                        + dt);
            }
        } else if (!Double.isNaN(fileDt) && fileDt > 0) {
            dt = fileDt;
        } else {
            dt = NirImport.DEFAULT_DT;
            warnings.add(src + ": no dt given and no metadata/dt in the file: using dt = " + dt + " s");
        }
    }

    public static NirModel build(NirGraph g, NirImport.Options o) {
        Importer im = new Importer(g, o);
        return im.run();
    }

    private NirModel run() {
        for (NirNode n : g.nodes().values()) {
            if (n.subgraph() != null) {
                throw NirException.atNode(src, n.name(), n.type(), "nested NIR graphs are not supported (flatten the"
                        + " subgraph into the top-level graph)");
            }
        }
        List<NirNode> inputs = g.nodesOfType("Input");
        List<NirNode> outputs = g.nodesOfType("Output");
        if (inputs.size() != 1 || outputs.size() != 1) {
            throw new NirException(src + ": expected exactly one Input and one Output node, got " + inputs.size()
                    + " Input and " + outputs.size() + " Output");
        }
        for (String name : g.topologicalOrder()) {
            visit(g.node(name));
        }
        if (outputUnit == null) {
            throw new NirException(src + ": the Output node is not reached from the Input node");
        }
        Model net = chain() && !o.computationGraph() ? buildMln() : buildGraph();
        return new NirModel(net, dt, layerOfNode, warnings, inputName, outputs.get(0).name());
    }

    // ---- nodes ---------------------------------------------------------------------------------------------

    private NirException error(NirNode n, String what) {
        return NirException.atNode(src, n.name(), n.type(), what);
    }

    private void visit(NirNode n) {
        List<String> preds = g.predecessors(n.name());
        if (n.type().equals("Input")) {
            if (!preds.isEmpty()) throw error(n, "an Input node must have no incoming edge, has " + preds);
            NirArray shape = n.has("shape") ? n.field("shape") : n.field("input_type");
            if (shape == null) throw error(n, "missing field 'shape' (the input's feature shape without T and batch)");
            long[] s = shape.longs();
            if (s.length != 1 && s.length != 3) {
                throw error(n, "input shape " + Arrays.toString(s) + ": expected [N] or [C, H, W]");
            }
            inputName = n.name();
            inputShape = s;
            shapes.put(n.name(), s);
            producer.put(n.name(), n.name());
            return;
        }
        if (preds.isEmpty()) {
            throw error(n, "no incoming edge: every node but Input must be reached from the Input node");
        }
        if (fusedNeurons.contains(n.name())) return;
        long[] in = shapes.get(preds.get(0));
        for (String p : preds) {
            if (!Arrays.equals(shapes.get(p), in)) {
                throw error(n, "its inputs have different shapes (" + p + ": " + Arrays.toString(shapes.get(p))
                        + ", " + preds.get(0) + ": " + Arrays.toString(in) + "), they must be equal to add up");
            }
        }
        String inUnit = inputUnit(n, preds);
        switch (n.type()) {
            case "Output" -> {
                NirArray shape = n.field("shape");
                if (shape != null && product(shape.longs()) != product(in)) {
                    throw error(n, "shape " + Arrays.toString(shape.longs()) + " does not match its input "
                            + Arrays.toString(in));
                }
                shapes.put(n.name(), in);
                outputUnit = inUnit;
            }
            case "Affine", "Linear" -> dense(n, in, inUnit);
            case "Conv2d" -> conv(n, in, inUnit);
            case "AvgPool2d", "SumPool2d" -> pool(n, in, inUnit);
            case "Flatten" -> flatten(n, in, inUnit);
            case "Scale" -> scale(n, in, inUnit);
            case "IF", "LIF", "LI", "CubaLIF", "Threshold" -> {
                NeuronMapping.Mapped m = NeuronMapping.fromNir(n, (int) product(in), dt, src);
                add(n.name(), new SpikingNeuron.Builder(m.config()).name(n.name()).build(), inUnit,
                        neuronParams(m));
                shapes.put(n.name(), in);
                layerOfNode.put(n.name(), n.name());
            }
            default -> throw error(n, "node type '" + n.type() + "' is not supported (supported: Input, Output,"
                    + " Affine, Linear, Conv2d, AvgPool2d, SumPool2d, Flatten, Scale, IF, LIF, LI, CubaLIF, Threshold)");
        }
    }

    /** The unit feeding n: its single predecessor's producer, or a new add vertex over all of them. */
    private String inputUnit(NirNode n, List<String> preds) {
        if (preds.size() == 1) return producer.get(preds.get(0));
        List<String> ins = new ArrayList<>();
        for (String p : preds) ins.add(producer.get(p));
        String name = n.name() + SUM_SUFFIX;
        units.add(new Unit(name, null, true, ins, Map.of()));
        return name;
    }

    private void add(String name, Layer layer, String input, Map<String, INDArray> params) {
        units.add(new Unit(name, layer, false, List.of(input), params));
        producer.put(name, name);
    }

    /** The neuron node n alone feeds, if it can be fused with n. */
    private NirNode fusableNeuron(NirNode n) {
        if (!o.fuse()) return null;
        List<String> succ = g.successors(n.name());
        if (succ.size() != 1) return null;
        NirNode s = g.node(succ.get(0));
        if (!NeuronMapping.isNeuron(s.type()) || s.type().equals("Threshold")) return null;
        return g.predecessors(s.name()).size() == 1 ? s : null;
    }

    private void dense(NirNode n, long[] in, String inUnit) {
        NirArray w = n.field("weight");
        if (w == null || w.rank() != 2) {
            throw error(n, "field 'weight' is " + (w == null ? "missing" : w.describe()) + ", expected [out, in]");
        }
        long nOut = w.shape()[0];
        long nIn = w.shape()[1];
        if (product(in) != nIn) {
            throw error(n, "weight [" + nOut + ", " + nIn + "] expects " + nIn + " inputs, its input has shape "
                    + Arrays.toString(in));
        }
        double[] bias = null;
        if (n.type().equals("Affine") && n.has("bias")) {
            NirArray b = n.field("bias");
            if (b.size() != nOut && b.size() != 1) throw error(n, "bias is " + b.describe() + ", expected [" + nOut + "]");
            bias = expand(b, (int) nOut);
        }
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("W", Nd4j.create(w.values(), new long[] {nOut, nIn}, DataType.DOUBLE).transpose()
                .castTo(DataType.FLOAT));
        if (bias != null) params.put("b", Nd4j.create(bias, new long[] {1, nOut}, DataType.DOUBLE).castTo(DataType.FLOAT));
        NirNode neuron = fusableNeuron(n);
        String name = n.name();
        Layer layer;
        if (neuron != null) {
            NeuronMapping.Mapped m = NeuronMapping.fromNir(neuron, (int) nOut, dt, src);
            name = n.name() + FUSED + neuron.name();
            params.putAll(neuronParams(m));
            layer = neuron.type().equals("LI")
                    ? new LeakyIntegratorReadout.Builder((int) nOut).neuron(m.config()).hasBias(bias != null)
                            .nIn(nIn).name(name).build()
                    : new SpikingDense.Builder((int) nOut).neuron(m.config()).hasBias(bias != null).nIn(nIn)
                            .name(name).build();
            fusedNeurons.add(neuron.name());
            shapes.put(neuron.name(), new long[] {nOut});
            producer.put(neuron.name(), name);
            layerOfNode.put(neuron.name(), name);
        } else {
            layer = new SpikingDense.Builder((int) nOut).neuron(PASS_THROUGH).hasBias(bias != null).nIn(nIn)
                    .name(name).build();
        }
        add(name, layer, inUnit, params);
        producer.put(n.name(), name);
        shapes.put(n.name(), new long[] {nOut});
        layerOfNode.put(n.name(), name);
    }

    private void conv(NirNode n, long[] in, String inUnit) {
        NirArray w = n.field("weight");
        if (w == null || w.rank() != 4) {
            throw error(n, "field 'weight' is " + (w == null ? "missing" : w.describe())
                    + ", expected [Cout, Cin/groups, kH, kW]");
        }
        long groups = n.has("groups") ? (long) n.field("groups").get(0) : 1;
        if (groups != 1) throw error(n, "groups = " + groups + " is not supported (only groups = 1)");
        if (in.length != 3) throw error(n, "expects input [C, H, W], got " + Arrays.toString(in));
        long[] ws = w.shape();
        if (ws[1] != in[0]) {
            throw error(n, "weight " + Arrays.toString(ws) + " expects " + ws[1] + " input channels, its input has shape "
                    + Arrays.toString(in));
        }
        int[] k = {(int) ws[2], (int) ws[3]};
        int[] stride = pair(n, "stride", 1);
        int[] pad = pair(n, "padding", 0);
        int[] dil = pair(n, "dilation", 1);
        long outH = (in[1] + 2L * pad[0] - (long) dil[0] * (k[0] - 1) - 1) / stride[0] + 1;
        long outW = (in[2] + 2L * pad[1] - (long) dil[1] * (k[1] - 1) - 1) / stride[1] + 1;
        if (outH < 1 || outW < 1) throw error(n, "output would be empty for input " + Arrays.toString(in));
        long[] out = {ws[0], outH, outW};
        double[] bias = n.has("bias") ? expand(n.field("bias"), (int) ws[0]) : null;
        boolean hasBias = bias != null && Arrays.stream(bias).anyMatch(b -> b != 0);
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("W", Nd4j.create(w.values(), ws, DataType.DOUBLE).castTo(DataType.FLOAT));
        if (hasBias) params.put("b", Nd4j.create(bias, new long[] {1, ws[0]}, DataType.DOUBLE).castTo(DataType.FLOAT));
        NirNode neuron = fusableNeuron(n);
        String name = n.name();
        Layer layer;
        if (neuron != null && !neuron.type().equals("LI")) {
            NeuronMapping.Mapped m = NeuronMapping.fromNir(neuron, (int) product(out), dt, src);
            name = n.name() + FUSED + neuron.name();
            params.putAll(neuronParams(m));
            layer = new SpikingConv.Builder((int) ws[0], k[0]).kernelSize(k).stride(stride).padding(pad).dilation(dil)
                    .hasBias(hasBias).convolutionMode(ConvolutionMode.Truncate).neuron(m.config()).nIn(in[0])
                    .name(name).build();
            fusedNeurons.add(neuron.name());
            shapes.put(neuron.name(), out);
            producer.put(neuron.name(), name);
            layerOfNode.put(neuron.name(), name);
        } else {
            layer = new TimeConv.Builder((int) ws[0], k[0]).kernelSize(k).stride(stride).padding(pad).dilation(dil)
                    .hasBias(hasBias).convolutionMode(ConvolutionMode.Truncate).nIn(in[0]).name(name).build();
        }
        add(name, layer, inUnit, params);
        producer.put(n.name(), name);
        shapes.put(n.name(), out);
        layerOfNode.put(n.name(), name);
    }

    private void pool(NirNode n, long[] in, String inUnit) {
        if (in.length != 3) throw error(n, "expects input [C, H, W], got " + Arrays.toString(in));
        int[] k = pair(n, "kernel_size", -1);
        int[] stride = n.has("stride") ? pair(n, "stride", -1) : k;
        int[] pad = pair(n, "padding", 0);
        if (pad[0] != 0 || pad[1] != 0) {
            throw error(n, "padding " + Arrays.toString(pad) + " is not supported (only 0)");
        }
        long outH = (in[1] - k[0]) / stride[0] + 1;
        long outW = (in[2] - k[1]) / stride[1] + 1;
        TimePooling.Builder b;
        if (n.type().equals("AvgPool2d")) {
            b = new TimePooling.Builder(PoolingType.AVG, k);
        } else {
            // DL4J pools by MAX, AVG or PNORM only; for input >= 0 (spikes) the 1-norm is the window sum, exactly.
            if (!nonNegative(g.predecessors(n.name()))) {
                throw error(n, "SumPool2d is supported on spikes (input >= 0) only: DL4J has no sum pooling, the"
                        + " 1-norm pooling used for it sums |x|");
            }
            b = new TimePooling.Builder(PoolingType.PNORM, k);
            b.pnorm(1);
        }
        add(n.name(), b.stride(stride).padding(0, 0).name(n.name()).build(), inUnit, Map.of());
        shapes.put(n.name(), new long[] {in[0], outH, outW});
        layerOfNode.put(n.name(), n.name());
    }

    private void flatten(NirNode n, long[] in, String inUnit) {
        long start = n.has("start_dim") ? (long) n.field("start_dim").get(0) : 0;
        long end = n.has("end_dim") ? (long) n.field("end_dim").get(0) : -1;
        if (in.length == 1) {
            producer.put(n.name(), inUnit); // nothing to flatten
            shapes.put(n.name(), in);
            warnings.add(src + ": Flatten node '" + n.name() + "' on 1-D input is the identity; no layer made");
            return;
        }
        if (start != 0 || (end != -1 && end != in.length - 1)) {
            throw error(n, "start_dim = " + start + ", end_dim = " + end + " on input " + Arrays.toString(in)
                    + ": only the full flatten (start_dim 0, end_dim -1, dims without the batch) is supported");
        }
        add(n.name(), new TimeFlatten.Builder().name(n.name()).build(), inUnit, Map.of());
        shapes.put(n.name(), new long[] {product(in)});
        layerOfNode.put(n.name(), n.name());
    }

    private void scale(NirNode n, long[] in, String inUnit) {
        NirArray s = n.field("scale");
        if (s == null) throw error(n, "missing field 'scale'");
        Map<String, INDArray> params = new LinkedHashMap<>();
        if (in.length == 1) {
            double[] v = expandOrFail(n, s, (int) in[0]);
            params.put("W", Nd4j.diag(Nd4j.create(v, new long[] {v.length}, DataType.DOUBLE)).castTo(DataType.FLOAT));
            add(n.name(), new SpikingDense.Builder((int) in[0]).neuron(PASS_THROUGH).hasBias(false).nIn(in[0])
                    .name(n.name()).build(), inUnit, params);
        } else {
            int c = (int) in[0];
            int spatial = (int) (in[1] * in[2]);
            double[] perChannel = new double[c];
            if (s.size() == c || s.size() == 1) {
                perChannel = expand(s, c);
            } else if (s.size() == c * spatial) {
                for (int ch = 0; ch < c; ch++) {
                    perChannel[ch] = s.get(ch * spatial);
                    for (int i = 0; i < spatial; i++) {
                        if (Double.compare(s.get(ch * spatial + i), perChannel[ch]) != 0) {
                            throw error(n, "a scale that varies within a channel is not supported (only per channel)");
                        }
                    }
                }
            } else {
                throw error(n, "scale is " + s.describe() + ", expected " + Arrays.toString(in) + " or [" + c + "]");
            }
            INDArray w = Nd4j.zeros(DataType.FLOAT, c, c, 1, 1);
            for (int ch = 0; ch < c; ch++) w.putScalar(new long[] {ch, ch, 0, 0}, perChannel[ch]);
            params.put("W", w);
            add(n.name(), new TimeConv.Builder(c, 1).hasBias(false).nIn(c).name(n.name()).build(), inUnit, params);
        }
        shapes.put(n.name(), in);
        layerOfNode.put(n.name(), n.name());
    }

    /** Whether every one of these nodes outputs values >= 0 (spikes, or pooled / flattened spikes). */
    private boolean nonNegative(List<String> nodes) {
        for (String p : nodes) {
            NirNode n = g.node(p);
            boolean ok = switch (n.type()) {
                case "IF", "LIF", "CubaLIF", "Threshold" -> true;
                case "AvgPool2d", "SumPool2d", "Flatten" -> nonNegative(g.predecessors(p));
                default -> false;
            };
            if (!ok) return false;
        }
        return true;
    }

    private static Map<String, INDArray> neuronParams(NeuronMapping.Mapped m) {
        Map<String, INDArray> p = new LinkedHashMap<>();
        m.params().forEach((k, v) -> p.put(k, Nd4j.create(v, new long[] {1, v.length}, DataType.DOUBLE)
                .castTo(DataType.FLOAT)));
        return p;
    }

    /** A 2-vector field (int64[2] or a scalar), or dflt (&lt; 0: required). */
    private int[] pair(NirNode n, String field, int dflt) {
        NirArray a = n.field(field);
        if (a == null) {
            if (dflt < 0) throw error(n, "missing field '" + field + "'");
            return new int[] {dflt, dflt};
        }
        if (a.size() == 1) return new int[] {(int) a.get(0), (int) a.get(0)};
        if (a.size() == 2) return new int[] {(int) a.get(0), (int) a.get(1)};
        throw error(n, "field '" + field + "' is " + a.describe() + ", expected two values or one");
    }

    private double[] expandOrFail(NirNode n, NirArray a, int len) {
        if (a.size() != len && a.size() != 1) throw error(n, a.describe() + " has not " + len + " values");
        return expand(a, len);
    }

    private static double[] expand(NirArray a, int len) {
        if (a.size() == len) return a.values();
        double[] v = new double[len];
        Arrays.fill(v, a.size() == 0 ? 0 : a.get(0));
        return v;
    }

    private static long product(long[] s) {
        long p = 1;
        for (long d : s) p *= d;
        return p;
    }

    // ---- networks ------------------------------------------------------------------------------------------

    /** Whether the units form a chain from the input to the output. */
    private boolean chain() {
        String prev = inputName;
        for (Unit u : units) {
            if (u.sum() || u.inputs().size() != 1 || !u.inputs().get(0).equals(prev)) return false;
            prev = u.name();
        }
        return prev.equals(outputUnit) && !units.isEmpty();
    }

    private InputType inputType() {
        return inputShape.length == 1 ? InputType.recurrent(inputShape[0])
                : InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, o.steps(), inputShape[1], inputShape[2],
                        inputShape[0]);
    }

    private NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(0).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER);
    }

    private Model buildMln() {
        NeuralNetConfiguration.ListBuilder b = base().list();
        for (Unit u : units) b.layer(u.layer());
        MultiLayerConfiguration conf;
        try {
            conf = b.setInputType(inputType()).build();
        } catch (RuntimeException e) {
            throw new NirException(src + ": the mapped layers do not fit together: " + e.getMessage(), e);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        for (int i = 0; i < units.size(); i++) setParams(units.get(i), net.getLayer(i).paramTable());
        return net;
    }

    private Model buildGraph() {
        ComputationGraphConfiguration.GraphBuilder b = base().graphBuilder().addInputs(inputName);
        for (Unit u : units) {
            String[] ins = u.inputs().toArray(new String[0]);
            if (u.sum()) {
                b.addVertex(u.name(), new ElementWiseVertex(ElementWiseVertex.Op.Add), ins);
            } else {
                b.addLayer(u.name(), u.layer(), ins);
            }
        }
        String out = outputUnit;
        if (out.equals(inputName)) throw new NirException(src + ": the Output node is fed by the Input node directly");
        b.setOutputs(out).setInputTypes(inputType());
        ComputationGraphConfiguration conf;
        try {
            conf = b.build();
        } catch (RuntimeException e) {
            throw new NirException(src + ": the mapped layers do not fit together: " + e.getMessage(), e);
        }
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        for (Unit u : units) if (!u.sum()) setParams(u, net.getLayer(u.name()).paramTable());
        return net;
    }

    private void setParams(Unit u, Map<String, INDArray> table) {
        for (Map.Entry<String, INDArray> p : u.params().entrySet()) {
            INDArray target = table.get(p.getKey());
            if (target == null) {
                throw new IllegalStateException("NirImport: layer " + u.name() + " has no parameter " + p.getKey()
                        + " (has " + table.keySet() + ")");
            }
            target.assign(p.getValue().reshape(target.shape()));
        }
    }
}
