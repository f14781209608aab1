package org.dl4j.snn.monitor;

import java.io.Serializable;

/**
 * Identity of a monitored spiking layer inside its network, as it appears in the monitor's records.
 * MultiLayerNetwork: {@code index} is the layer index and {@code name} the configured layer name; ComputationGraph:
 * {@code index} is the vertex index and {@code name} the vertex name.
 *
 * @param index layer (MultiLayerNetwork) or vertex (ComputationGraph) index
 * @param name  layer or vertex name
 * @param type  simple class name of the layer configuration, e.g. "SpikingDense"
 */
public record MonitoredLayer(int index, String name, String type) implements Serializable {

    /** How the layer is named in messages: {@code "SpikingDense 'dense1' (layer 2)"}. */
    public String describe() {
        return type + " '" + name + "' (layer " + index + ")";
    }
}
