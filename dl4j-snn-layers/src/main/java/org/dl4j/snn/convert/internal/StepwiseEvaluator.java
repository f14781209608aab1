package org.dl4j.snn.convert.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.convert.SpikingAccuracy;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.preprocessor.DirectEncodingPreProcessor;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runs a spiking classifier once over {@code max(T)} steps and reads the accuracy after every requested T from the
 * running sum of its per-step readout (the layer in front of its {@link TemporalLossLayer}, or its last layer).
 * Batches are cut into chunks of at most {@code 256 / T} samples: the recorded activations are fresh allocations,
 * and small ones cost less (measured: 4096 sample-steps per chunk took 1.6x the time of 256).
 */
public final class StepwiseEvaluator {
    private static final int SAMPLE_STEPS_PER_CHUNK = 256;

    private StepwiseEvaluator() {
    }

    /** A network's layers in forward order, with names; the readout and the spiking layers among them. */
    private record Layout(List<String> names, List<Layer> layers, int readout, DirectEncodingPreProcessor encoding) {
    }

    private static Layout layout(Model net) {
        List<String> names = new ArrayList<>();
        List<Layer> layers = new ArrayList<>();
        InputPreProcessor first;
        if (net instanceof MultiLayerNetwork m) {
            for (int i = 0; i < m.getnLayers(); i++) {
                Layer l = m.getLayerWiseConfigurations().getConf(i).getLayer();
                layers.add(l);
                names.add(l.getLayerName() != null ? l.getLayerName() : "layer" + i);
            }
            first = m.getLayerWiseConfigurations().getInputPreProcess(0);
        } else if (net instanceof ComputationGraph g) {
            first = null;
            for (int idx : g.topologicalSortOrder()) {
                String name = g.getVertices()[idx].getVertexName();
                if (g.getConfiguration().getVertices().get(name) instanceof LayerVertex lv) {
                    if (layers.isEmpty()) {
                        first = lv.getPreProcessor();
                    }
                    layers.add(lv.getLayerConf().getLayer());
                    names.add(name);
                }
            }
        } else {
            throw new IllegalArgumentException("AnnToSnn.evaluate: expected a MultiLayerNetwork or ComputationGraph, "
                    + "got " + (net == null ? null : net.getClass().getName()));
        }
        int n = layers.size();
        int readout = layers.get(n - 1) instanceof TemporalLossLayer ? n - 2 : n - 1;
        return new Layout(names, layers, readout, first instanceof DirectEncodingPreProcessor d ? d : null);
    }

    private static boolean spiking(Layer l) {
        NeuronConfig n = null;
        if (l instanceof LeakyIntegratorReadout) {
            return false;
        } else if (l instanceof SpikingDense d) {
            n = d.getNeuron();
        } else if (l instanceof SpikingConv c) {
            n = c.getNeuron();
        } else if (l instanceof SpikingNeuron s) {
            n = s.getNeuron();
        }
        return n != null && n.spiking();
    }

    public static SpikingAccuracy evaluate(Model net, DataSetIterator data, int... steps) {
        if (steps == null || steps.length == 0) {
            throw new IllegalArgumentException("AnnToSnn.evaluate: give at least one number of steps T");
        }
        int[] ts = steps.clone();
        Arrays.sort(ts);
        if (ts[0] < 1) {
            throw new IllegalArgumentException("AnnToSnn.evaluate: T must be >= 1, got " + Arrays.toString(steps));
        }
        int tMax = ts[ts.length - 1];
        Layout lay = layout(net);
        DirectEncodingPreProcessor encode = lay.encoding() == null ? null : lay.encoding().withSteps(tMax);
        int chunk = Math.max(1, SAMPLE_STEPS_PER_CHUNK / tMax);
        int[][] predictions = new int[ts.length][];
        int count = 0;
        // per layer: spikes in the first ts[i] steps, and neuron-steps counted
        double[][] spikeSum = new double[lay.layers().size()][ts.length];
        double[][] spikeCount = new double[lay.layers().size()][ts.length];
        if (data.resetSupported()) {
            data.reset();
        }
        int[][] predBuf = new int[ts.length][1024];
        int[] labelBuf = new int[1024];
        while (data.hasNext()) {
            DataSet ds = data.next();
            INDArray features = ds.getFeatures().castTo(DataType.FLOAT);
            INDArray lab = ds.getLabels();
            long b = features.size(0);
            for (long c0 = 0; c0 < b; c0 += chunk) {
                long c1 = Math.min(b, c0 + chunk);
                INDArray x = rows(features, c0, c1);
                if (encode != null) {
                    x = encode.preProcess(x, (int) (c1 - c0), LayerWorkspaceMgr.noWorkspaces());
                }
                Map<Integer, INDArray> acts = activations(net, lay, x);
                INDArray out = acts.get(lay.readout());
                if (out.rank() != 3 || out.size(2) < tMax) {
                    throw new IllegalArgumentException("AnnToSnn.evaluate: the readout \"" + lay.names()
                            .get(lay.readout()) + "\" must give [batch, classes, T >= " + tMax + "], got shape "
                            + Arrays.toString(out.shape()));
                }
                int n = (int) (c1 - c0);
                int k = (int) out.size(1);
                int outSteps = (int) out.size(2);
                float[] o = out.dup('c').data().asFloat();
                int[] truth = classes(rows(lab, c0, c1));
                for (int s = 0; s < n; s++) {
                    if (count + s >= labelBuf.length) {
                        labelBuf = Arrays.copyOf(labelBuf, labelBuf.length * 2);
                        for (int i = 0; i < ts.length; i++) {
                            predBuf[i] = Arrays.copyOf(predBuf[i], predBuf[i].length * 2);
                        }
                    }
                    labelBuf[count + s] = truth[s];
                    float[] sum = new float[k];
                    int next = 0;
                    for (int t = 0; t < tMax; t++) {
                        for (int c = 0; c < k; c++) {
                            sum[c] += o[(s * k + c) * outSteps + t];
                        }
                        while (next < ts.length && ts[next] == t + 1) {
                            predBuf[next][count + s] = argmax(sum);
                            next++;
                        }
                    }
                }
                count += n;
                for (Map.Entry<Integer, INDArray> e : acts.entrySet()) {
                    int li = e.getKey();
                    if (li != lay.readout() && spiking(lay.layers().get(li))) {
                        countSpikes(e.getValue(), ts, spikeSum[li], spikeCount[li]);
                    }
                }
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("AnnToSnn.evaluate: the iterator gave no data");
        }
        int[] labels = Arrays.copyOf(labelBuf, count);
        double[] accuracy = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            predictions[i] = Arrays.copyOf(predBuf[i], count);
            int correct = 0;
            for (int s = 0; s < count; s++) {
                if (predictions[i][s] == labels[s]) {
                    correct++;
                }
            }
            accuracy[i] = correct / (double) count;
        }
        Map<String, double[]> rates = new LinkedHashMap<>();
        for (int li = 0; li < spikeSum.length; li++) {
            if (spikeCount[li][0] > 0) {
                double[] r = new double[ts.length];
                for (int i = 0; i < ts.length; i++) {
                    r[i] = spikeSum[li][i] / spikeCount[li][i];
                }
                rates.put(lay.names().get(li), r);
            }
        }
        return new SpikingAccuracy(ts, accuracy, predictions, labels, rates);
    }

    /** Adds the spikes of the first ts[i] steps (time axis 2) and the neuron-steps they cover. */
    private static void countSpikes(INDArray a, int[] ts, double[] sum, double[] count) {
        long steps = a.size(2);
        long perStep = a.length() / steps;
        int[] others = new int[a.rank() - 1];
        for (int d = 0, j = 0; d < a.rank(); d++) {
            if (d != 2) {
                others[j++] = d;
            }
        }
        double[] perT = a.sum(others).castTo(DataType.DOUBLE).toDoubleVector();
        double running = 0;
        int next = 0;
        for (int t = 0; t < steps && next < ts.length; t++) {
            running += perT[t];
            while (next < ts.length && ts[next] == t + 1) {
                sum[next] += running;
                count[next] += (double) perStep * (t + 1);
                next++;
            }
        }
    }

    private static INDArray rows(INDArray a, long from, long to) {
        if (from == 0 && to == a.size(0)) {
            return a;
        }
        INDArrayIndexHolder h = new INDArrayIndexHolder(a.rank(), from, to);
        return a.get(h.indices).dup('c');
    }

    /** Row range indices for an array of any rank. */
    private static final class INDArrayIndexHolder {
        final org.nd4j.linalg.indexing.INDArrayIndex[] indices;

        INDArrayIndexHolder(int rank, long from, long to) {
            indices = new org.nd4j.linalg.indexing.INDArrayIndex[rank];
            indices[0] = NDArrayIndex.interval(from, to);
            for (int i = 1; i < rank; i++) {
                indices[i] = NDArrayIndex.all();
            }
        }
    }

    /** The activations of every layer up to the readout, by layer position. */
    private static Map<Integer, INDArray> activations(Model net, Layout lay, INDArray x) {
        Map<Integer, INDArray> out = new LinkedHashMap<>();
        if (net instanceof MultiLayerNetwork m) {
            List<INDArray> acts = m.feedForwardToLayer(lay.readout(), x, false);
            for (int i = 0; i <= lay.readout(); i++) {
                out.put(i, acts.get(i + 1));
            }
        } else {
            ComputationGraph g = (ComputationGraph) net;
            String readoutName = lay.names().get(lay.readout());
            int vertex = g.getVertex(readoutName).getVertexIndex();
            Map<String, INDArray> acts = g.feedForward(new INDArray[] {x}, vertex, false);
            for (int i = 0; i <= lay.readout(); i++) {
                out.put(i, acts.get(lay.names().get(i)));
            }
        }
        return out;
    }

    /** argmax over classes of labels [b, K] (or [b, K, T], summed over time). */
    private static int[] classes(INDArray labels) {
        INDArray l = labels.rank() == 3 ? labels.sum(2) : labels;
        float[] v = l.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int b = (int) l.size(0);
        int k = (int) l.size(1);
        int[] out = new int[b];
        for (int s = 0; s < b; s++) {
            out[s] = argmax(Arrays.copyOfRange(v, s * k, (s + 1) * k));
        }
        return out;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
