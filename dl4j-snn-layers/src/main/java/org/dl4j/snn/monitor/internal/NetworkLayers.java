package org.dl4j.snn.monitor.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.monitor.MonitoredLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The spiking layers of a MultiLayerNetwork or ComputationGraph and where DL4J puts their activations.
 * MultiLayerNetwork: the activation list of {@code feedForward} / {@code onForwardPass} holds the input at index 0
 * and layer i's output at index i+1; ComputationGraph: the activation map is keyed by vertex name.
 */
public abstract class NetworkLayers {
    private final Model model;
    private final List<MonitoredLayer> layers;

    private NetworkLayers(Model model, List<MonitoredLayer> layers) {
        this.model = model;
        this.layers = Collections.unmodifiableList(layers);
    }

    /**
     * The layers of {@code model} whose configuration passes {@code isSpiking}, in forward order.
     *
     * @throws IllegalArgumentException if {@code model} is neither a MultiLayerNetwork nor a ComputationGraph
     */
    public static NetworkLayers of(Model model, Predicate<org.deeplearning4j.nn.conf.layers.Layer> isSpiking) {
        if (model instanceof MultiLayerNetwork mln) {
            return new Mln(mln, isSpiking);
        }
        if (model instanceof ComputationGraph cg) {
            return new Graph(cg, isSpiking);
        }
        throw new IllegalArgumentException("SpikeMonitor: expected a MultiLayerNetwork or ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    public Model model() {
        return model;
    }

    /** The monitored layers in forward order. */
    public List<MonitoredLayer> layers() {
        return layers;
    }

    /** The runtime layer (for its mask and parameters). */
    public abstract Layer runtime(MonitoredLayer layer);

    /** The layer's output in a MultiLayerNetwork activation list, or null if the list does not reach it. */
    public abstract INDArray activation(MonitoredLayer layer, List<INDArray> activations);

    /** The layer's output in a ComputationGraph activation map, or null if the map lacks it. */
    public abstract INDArray activation(MonitoredLayer layer, Map<String, INDArray> activations);

    public abstract int epochCount();

    public abstract int iterationCount();

    /** The layer's current time mask {@code [b, T]} (its input mask, which spiking layers pass on unchanged). */
    public INDArray mask(MonitoredLayer layer) {
        return runtime(layer).getMaskArray();
    }

    /** The layer's current parameters by name ("W", "tauW", ...). */
    public Map<String, INDArray> paramTable(MonitoredLayer layer) {
        return runtime(layer).paramTable();
    }

    private static String typeOf(org.deeplearning4j.nn.conf.layers.Layer conf) {
        return SpikingLayers.unwrap(conf).getClass().getSimpleName();
    }

    private static final class Mln extends NetworkLayers {
        private final MultiLayerNetwork net;

        Mln(MultiLayerNetwork net, Predicate<org.deeplearning4j.nn.conf.layers.Layer> isSpiking) {
            super(net, find(net, isSpiking));
            this.net = net;
        }

        private static List<MonitoredLayer> find(MultiLayerNetwork net,
                                                 Predicate<org.deeplearning4j.nn.conf.layers.Layer> isSpiking) {
            List<MonitoredLayer> out = new ArrayList<>();
            int n = net.getLayerWiseConfigurations().getConfs().size();
            for (int i = 0; i < n; i++) {
                org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayerWiseConfigurations().getConf(i).getLayer();
                if (isSpiking.test(conf)) {
                    String name = conf.getLayerName() != null ? conf.getLayerName() : "layer" + i;
                    out.add(new MonitoredLayer(i, name, typeOf(conf)));
                }
            }
            return out;
        }

        @Override
        public Layer runtime(MonitoredLayer layer) {
            return net.getLayer(layer.index());
        }

        @Override
        public INDArray activation(MonitoredLayer layer, List<INDArray> activations) {
            int k = layer.index() + 1;
            return k < activations.size() ? activations.get(k) : null;
        }

        @Override
        public INDArray activation(MonitoredLayer layer, Map<String, INDArray> activations) {
            return null;
        }

        @Override
        public int epochCount() {
            return net.getEpochCount();
        }

        @Override
        public int iterationCount() {
            return net.getIterationCount();
        }
    }

    private static final class Graph extends NetworkLayers {
        private final ComputationGraph net;

        Graph(ComputationGraph net, Predicate<org.deeplearning4j.nn.conf.layers.Layer> isSpiking) {
            super(net, find(net, isSpiking));
            this.net = net;
        }

        private static List<MonitoredLayer> find(ComputationGraph net,
                                                 Predicate<org.deeplearning4j.nn.conf.layers.Layer> isSpiking) {
            List<MonitoredLayer> out = new ArrayList<>();
            Map<String, org.deeplearning4j.nn.conf.graph.GraphVertex> confs = net.getConfiguration().getVertices();
            for (int idx : net.topologicalSortOrder()) {
                GraphVertex v = net.getVertices()[idx];
                if (confs.get(v.getVertexName()) instanceof LayerVertex lv
                        && isSpiking.test(lv.getLayerConf().getLayer())) {
                    out.add(new MonitoredLayer(v.getVertexIndex(), v.getVertexName(),
                            typeOf(lv.getLayerConf().getLayer())));
                }
            }
            return out;
        }

        @Override
        public Layer runtime(MonitoredLayer layer) {
            return net.getLayer(layer.name());
        }

        @Override
        public INDArray activation(MonitoredLayer layer, List<INDArray> activations) {
            return null;
        }

        @Override
        public INDArray activation(MonitoredLayer layer, Map<String, INDArray> activations) {
            return activations.get(layer.name());
        }

        @Override
        public int epochCount() {
            return net.getEpochCount();
        }

        @Override
        public int iterationCount() {
            return net.getIterationCount();
        }
    }
}
