package org.dl4j.snn.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.ConvSynapse;
import org.dl4j.snn.layers.DenseSynapse;
import org.dl4j.snn.layers.NeuronLayer;
import org.dl4j.snn.layers.SynapseLayer;
import org.dl4j.snn.monitor.internal.SpikingLayers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Synaptic operations, MACs and an energy estimate of a spiking network on given input, counted as SpikingJelly's
 * {@code op_counter} does. Per synapse layer, on the layer's whole input tensor (all T and batch of one call):
 * <pre>
 *   input all 0/1 (spikes):  dense SynOps = nnz(x) * nOut;   conv SynOps = sum of conv(x, all-ones kernel)
 *                            (same stride / padding / dilation, so exact at the borders), times Cout
 *   otherwise:               dense MACs = T*B*nIn*nOut;        conv MACs = T*B*Cout*Hout*Wout*Cin*kH*kW
 *   BatchNorm (inference):   MACs = numel(x);    pooling, flatten, neurons: 0;    bias: never counted
 * </pre>
 * Energy per sample = (E_MAC * MACs + E_AC * SynOps) / samples with Horowitz's 45 nm figures ({@link Precision}:
 * fp32 4.6 / 0.9 pJ, fp16 1.5 / 0.4, int8 0.23 / 0.03). Compute only: memory access and spike routing, which dominate
 * on neuromorphic hardware, are not counted, and neither are the neuron state updates (reported apart).
 * Firing rate: the mean of a spiking layer's output (spikes per neuron and step).
 */
public final class SynOps {
    private SynOps() {
    }

    /** Energy per operation, Horowitz (ISSCC 2014, 45 nm). */
    public enum Precision {
        FP32(4.6, 0.9), FP16(1.5, 0.4), INT8(0.23, 0.03);

        private final double macPj;
        private final double acPj;

        Precision(double macPj, double acPj) {
            this.macPj = macPj;
            this.acPj = acPj;
        }

        /** Energy of one multiply-accumulate, pJ. */
        public double macPj() { return macPj; }

        /** Energy of one accumulate (a synaptic operation on a spike), pJ. */
        public double acPj() { return acPj; }

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * Counts of one layer, summed over everything counted.
     *
     * @param synops        accumulates on spike input
     * @param macs          multiply-accumulates on real-valued input (and batch norm)
     * @param neuronUpdates neuron state updates (output elements of a neuron layer), not in the energy
     * @param spikes        output spikes of a spiking layer (0 otherwise)
     * @param outputs       output elements (neurons x steps x samples)
     * @param spiking       whether the layer's output is spikes
     */
    public record LayerOps(String name, String type, long synops, long macs, long neuronUpdates, long spikes,
                           long outputs, boolean spiking) {

        /** Spikes per neuron and step; NaN for a layer that does not spike. */
        public double firingRate() {
            return spiking && outputs > 0 ? (double) spikes / outputs : Double.NaN;
        }

        LayerOps plus(LayerOps o) {
            return new LayerOps(name, type, synops + o.synops, macs + o.macs, neuronUpdates + o.neuronUpdates,
                    spikes + o.spikes, outputs + o.outputs, spiking);
        }
    }

    /** Counts of all layers over {@code samples} samples. */
    public record Report(List<LayerOps> layers, long samples) {
        public Report {
            layers = List.copyOf(layers);
        }

        public static Report empty() {
            return new Report(List.of(), 0);
        }

        public long synops() { return layers.stream().mapToLong(LayerOps::synops).sum(); }

        public long macs() { return layers.stream().mapToLong(LayerOps::macs).sum(); }

        public long neuronUpdates() { return layers.stream().mapToLong(LayerOps::neuronUpdates).sum(); }

        /** Compute energy per sample in pJ. */
        public double energyPjPerSample(Precision p) {
            return samples == 0 ? 0 : (p.macPj() * macs() + p.acPj() * synops()) / samples;
        }

        /** This report plus another of the same network (layer by layer). */
        public Report plus(Report o) {
            if (layers.isEmpty()) return o;
            if (o.layers.isEmpty()) return this;
            List<LayerOps> out = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) out.add(layers.get(i).plus(o.layers.get(i)));
            return new Report(out, samples + o.samples);
        }

        /**
         * One JSON line: {@code {"synops", "macs", "samples", "precision", "energy_pj_per_sample",
         * "synops_per_sample", "macs_per_sample", "neuron_updates", "layers": [{"name", "type", "synops", "macs",
         * "firing_rate", "neuron_updates"}]}} (totals over everything counted; firing_rate null where no spikes).
         */
        public String json(Precision p) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode root = m.createObjectNode();
            root.put("synops", synops());
            root.put("macs", macs());
            root.put("samples", samples);
            root.put("precision", p.label());
            root.put("energy_pj_per_sample", energyPjPerSample(p));
            root.put("synops_per_sample", samples == 0 ? 0 : (double) synops() / samples);
            root.put("macs_per_sample", samples == 0 ? 0 : (double) macs() / samples);
            root.put("neuron_updates", neuronUpdates());
            ArrayNode arr = root.putArray("layers");
            for (LayerOps l : layers) {
                ObjectNode o = arr.addObject();
                o.put("name", l.name());
                o.put("type", l.type());
                o.put("synops", l.synops());
                o.put("macs", l.macs());
                if (l.spiking()) o.put("firing_rate", l.firingRate()); else o.putNull("firing_rate");
                o.put("neuron_updates", l.neuronUpdates());
            }
            return root.toString();
        }

        /** A readable table, one row per layer, then the totals and the energy conventions. */
        public String table(Precision p) {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "%-24s %-22s %14s %14s %11s %14s%n", "layer", "type", "SynOps", "MACs",
                    "fire rate", "neuron upd."));
            for (LayerOps l : layers) {
                s.append(String.format(Locale.ROOT, "%-24s %-22s %14d %14d %11s %14d%n", l.name(), l.type(), l.synops(),
                        l.macs(), l.spiking() ? String.format(Locale.ROOT, "%.4f", l.firingRate()) : "-",
                        l.neuronUpdates()));
            }
            s.append(String.format(Locale.ROOT, "%-47s %14d %14d %11s %14d%n", "total (" + samples + " samples)",
                    synops(), macs(), "", neuronUpdates()));
            s.append(String.format(Locale.ROOT, "per sample: %.3f SynOps, %.3f MACs; energy %.3f pJ/sample (%s: %.2f pJ"
                            + "/MAC, %.2f pJ/AC, Horowitz 45 nm; compute only, memory and routing not counted)%n",
                    samples == 0 ? 0.0 : (double) synops() / samples, samples == 0 ? 0.0 : (double) macs() / samples,
                    energyPjPerSample(p), p.label(), p.macPj(), p.acPj()));
            return s.toString();
        }
    }

    // ---- counting ------------------------------------------------------------------------------------------

    /** Counts on one batch of features in the network's layout ({@code [b, N, T]} or {@code [b, C, T, H, W]}). */
    public static Report count(Model model, INDArray features) {
        long samples = features.size(0);
        if (model instanceof MultiLayerNetwork m) {
            return fromList(m, m.feedForward(features, false), samples);
        }
        if (model instanceof ComputationGraph g) {
            return fromMap(g, g.feedForward(new INDArray[] {features}, false, false), samples);
        }
        throw new IllegalArgumentException("SynOps: expected a MultiLayerNetwork or ComputationGraph, got "
                + (model == null ? null : model.getClass().getSimpleName()));
    }

    /** Counts over the batches of {@code data} (inference), stopping after {@code maxSamples} samples (&lt;= 0: all). */
    public static Report count(Model model, DataSetIterator data, long maxSamples) {
        Report r = Report.empty();
        data.reset();
        while (data.hasNext() && (maxSamples <= 0 || r.samples() < maxSamples)) {
            DataSet d = data.next();
            INDArray f = d.getFeatures();
            if (maxSamples > 0 && r.samples() + f.size(0) > maxSamples) {
                f = f.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, maxSamples - r.samples()));
            }
            r = r.plus(count(model, f));
        }
        return r;
    }

    /** MultiLayerNetwork activations: index 0 the input, i+1 the output of layer i (as feedForward and listeners). */
    static Report fromList(MultiLayerNetwork m, List<INDArray> acts, long samples) {
        List<LayerOps> out = new ArrayList<>();
        int n = Math.min(m.getnLayers(), acts.size() - 1);
        for (int i = 0; i < n; i++) {
            Layer conf = m.getLayerWiseConfigurations().getConf(i).getLayer();
            String name = conf.getLayerName() != null ? conf.getLayerName() : "layer" + i;
            out.add(layer(name, conf, acts.get(i), acts.get(i + 1)));
        }
        return new Report(out, samples);
    }

    /** ComputationGraph activations by vertex name; layers in topological order. */
    static Report fromMap(ComputationGraph g, Map<String, INDArray> acts, long samples) {
        List<LayerOps> out = new ArrayList<>();
        var conf = g.getConfiguration();
        for (int idx : g.topologicalSortOrder()) {
            var v = g.getVertices()[idx];
            if (!v.hasLayer() || !acts.containsKey(v.getVertexName())) continue;
            String name = v.getVertexName();
            List<String> ins = conf.getVertexInputs().get(name);
            INDArray in = ins == null || ins.isEmpty() ? null : acts.get(ins.get(0));
            if (in == null) continue;
            out.add(layer(name, v.getLayer().conf().getLayer(), in, acts.get(name)));
        }
        return new Report(out, samples);
    }

    private static LayerOps layer(String name, Layer confIn, INDArray in, INDArray outAct) {
        Layer conf = SpikingLayers.unwrap(confIn);
        String type = conf.getClass().getSimpleName();
        long synops = 0;
        long macs = 0;
        if (conf instanceof SynapseLayer<?> l && l.getSynapse() instanceof ConvSynapse c) {
            float[] x = floats(in);
            long[] s = in.shape(); // [b, C, T, H, W]
            if (binary(x)) {
                synops = convSynops(c, l.getNOut(), x, s);
            } else {
                long[] os = outAct.shape();
                int[] k = c.getKernelSize();
                macs = s[0] * s[2] * os[1] * os[3] * os[4] * s[1] * k[0] * k[1];
            }
        } else if (conf instanceof SynapseLayer<?> d && d.getSynapse() instanceof DenseSynapse) {
            float[] x = floats(in);
            if (binary(x)) {
                long nnz = 0;
                for (float v : x) if (v != 0) nnz++;
                synops = nnz * d.getNOut();
            } else {
                macs = x.length * d.getNOut();
            }
        } else if (conf instanceof BatchNormalization) {
            macs = in.length();
        }
        long updates = 0;
        long spikes = 0;
        boolean spiking = false;
        if (conf instanceof NeuronLayer nl) {
            updates = outAct.length();
            spiking = nl.getNeuron().spiking();
            if (spiking) spikes = Math.round(outAct.castTo(DataType.DOUBLE).sumNumber().doubleValue());
        }
        return new LayerOps(name, type, synops, macs, updates, spikes, outAct.length(), spiking);
    }

    private static float[] floats(INDArray a) {
        return a.dup('c').castTo(DataType.FLOAT).data().asFloat();
    }

    private static boolean binary(float[] x) {
        for (float v : x) if (v != 0 && v != 1) return false;
        return true;
    }

    /** Sum over output positions of the spikes in each receptive field (all input channels), times Cout. */
    private static long convSynops(ConvSynapse c, long nOut, float[] x, long[] s) {
        int b = (int) s[0];
        int ch = (int) s[1];
        int t = (int) s[2];
        int h = (int) s[3];
        int w = (int) s[4];
        int[] k = c.getKernelSize();
        int[] st = c.getStride();
        int[] dil = c.getDilation();
        int[] pad = c.getPadding();
        int outH;
        int outW;
        if (c.getConvolutionMode() == ConvolutionMode.Same) {
            outH = (h + st[0] - 1) / st[0];
            outW = (w + st[1] - 1) / st[1];
            pad = new int[] {Math.max(0, (outH - 1) * st[0] + (k[0] - 1) * dil[0] + 1 - h) / 2,
                    Math.max(0, (outW - 1) * st[1] + (k[1] - 1) * dil[1] + 1 - w) / 2};
        } else {
            outH = (h + 2 * pad[0] - dil[0] * (k[0] - 1) - 1) / st[0] + 1;
            outW = (w + 2 * pad[1] - dil[1] * (k[1] - 1) - 1) / st[1] + 1;
        }
        long total = 0;
        int[] cnt = new int[h * w];
        for (int bi = 0; bi < b; bi++) {
            for (int ti = 0; ti < t; ti++) {
                java.util.Arrays.fill(cnt, 0);
                for (int ci = 0; ci < ch; ci++) {
                    int base = (((bi * ch + ci) * t) + ti) * h * w;
                    for (int p = 0; p < h * w; p++) if (x[base + p] != 0) cnt[p]++;
                }
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        for (int ky = 0; ky < k[0]; ky++) {
                            int iy = oy * st[0] - pad[0] + ky * dil[0];
                            if (iy < 0 || iy >= h) continue;
                            for (int kx = 0; kx < k[1]; kx++) {
                                int ix = ox * st[1] - pad[1] + kx * dil[1];
                                if (ix >= 0 && ix < w) total += cnt[iy * w + ix];
                            }
                        }
                    }
                }
            }
        }
        return total * nOut;
    }

    /** Per-layer counts by name (for lookups in tests and tools). */
    public static Map<String, LayerOps> byName(Report r) {
        Map<String, LayerOps> m = new LinkedHashMap<>();
        for (LayerOps l : r.layers()) m.put(l.name(), l);
        return m;
    }
}
