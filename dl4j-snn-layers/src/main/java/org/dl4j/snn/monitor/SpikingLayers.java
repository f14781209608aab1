package org.dl4j.snn.monitor;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;

/**
 * The one place that decides which layers of a network are spiking, i.e. emit 0/1 spikes that the monitor counts.
 * A layer configuration is spiking when, after unwrapping DL4J's wrappers (frozen layers), it is a SpikingDense or
 * SpikingConv whose neuron fires (a non-spiking leaky-integrator readout outputs membrane potentials, not spikes).
 */
public final class SpikingLayers {
    private SpikingLayers() {
    }

    /** True if {@code conf} emits spikes (see the class comment). */
    public static boolean isSpiking(Layer conf) {
        Layer inner = unwrap(conf);
        return false;
    }

    /** The configuration inside DL4J's wrapper layers ({@code FrozenLayer}, {@code FrozenLayerWithBackprop}, ...). */
    public static Layer unwrap(Layer conf) {
        Layer c = conf;
        while (true) {
            if (c instanceof FrozenLayer f && f.getLayer() != null) {
                c = f.getLayer();
            } else if (c instanceof BaseWrapperLayer w && w.getUnderlying() != null) {
                c = w.getUnderlying();
            } else {
                return c;
            }
        }
    }
}
