package org.dl4j.snn.monitor.internal;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.dl4j.snn.layers.NeuronLayer;

/**
 * The one place that decides which layers of a network are spiking, i.e. emit the 0/1 spikes the monitor counts.
 * A layer configuration is spiking when, after unwrapping DL4J's wrappers (frozen layers), it is a
 * {@link NeuronLayer} (SpikingDense, SpikingConv, SpikingNeuron; not TimeConv, which has no neuron) whose neuron fires: a non-spiking neuron (e.g.
 * LeakyIntegratorReadout) outputs membrane potentials, not spikes.
 */
public final class SpikingLayers {
    private SpikingLayers() {
    }

    /** True if {@code conf} emits spikes (see the class comment). */
    public static boolean isSpiking(Layer conf) {
        return unwrap(conf) instanceof NeuronLayer n && n.getNeuron().spiking();
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
