package org.dl4j.snn.monitor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.monitor.internal.NetworkLayers;
import org.dl4j.snn.monitor.internal.SpikingLayers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference-mode outputs of a network's spiking layers for a batch of features, for rasters and rate plots of
 * chosen samples.
 * One forward pass ({@code MultiLayerNetwork.feedForward} / {@code ComputationGraph.feedForward}, train = false);
 * the outputs are {@code [b, N, T]} or {@code [b, C, T, H, W]} spikes, detached from DL4J's workspaces.
 */
public final class LayerActivations {
    private LayerActivations() {
    }

    /** The outputs of the layers {@link SpikingLayers#isSpiking} accepts, in forward order. */
    public static Map<MonitoredLayer, INDArray> spiking(Model model, INDArray features, INDArray mask) {
        return of(model, features, mask, SpikingLayers::isSpiking);
    }

    /**
     * The outputs of the layers {@code which} accepts, in forward order.
     *
     * @param mask {@code null} or the features' time mask {@code [b, T]}
     * @throws IllegalArgumentException if the model is neither a MultiLayerNetwork nor a ComputationGraph
     */
    public static Map<MonitoredLayer, INDArray> of(Model model, INDArray features, INDArray mask,
                                                   Predicate<Layer> which) {
        NetworkLayers net = NetworkLayers.of(model, which);
        Map<MonitoredLayer, INDArray> out = new LinkedHashMap<>();
        if (model instanceof MultiLayerNetwork mln) {
            List<INDArray> acts = mln.feedForward(features, mask, null);
            for (MonitoredLayer l : net.layers()) {
                out.put(l, net.activation(l, acts));
            }
        } else {
            ComputationGraph cg = (ComputationGraph) model;
            cg.setLayerMaskArrays(mask == null ? null : new INDArray[] {mask}, null);
            try {
                Map<String, INDArray> acts = cg.feedForward(new INDArray[] {features}, false, true);
                for (MonitoredLayer l : net.layers()) {
                    out.put(l, net.activation(l, acts));
                }
            } finally {
                cg.clearLayerMaskArrays();
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The output of the monitored layer named {@code layerName}.
     *
     * @throws IllegalArgumentException naming the layer and the spiking layers there are when it is not one of them
     */
    public static INDArray ofLayer(Map<MonitoredLayer, INDArray> activations, String layerName) {
        for (Map.Entry<MonitoredLayer, INDArray> e : activations.entrySet()) {
            if (e.getKey().name().equals(layerName)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("LayerActivations: no spiking layer named '" + layerName + "'; there are "
                + activations.keySet().stream().map(MonitoredLayer::name).toList());
    }
}
