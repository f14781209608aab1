package org.dl4j.snn.layers.internal.runtime.named;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.dl4j.snn.layers.internal.runtime.FusedRuntime;
import org.nd4j.linalg.api.buffer.DataType;

/** The fused runtime of a layer configuration, of the class named after it (plain {@link FusedRuntime} otherwise). */
public final class NamedRuntimes {
    private NamedRuntimes() {
    }

    public static FusedRuntime of(Layer config, NeuralNetConfiguration conf, DataType dataType) {
        if (config instanceof org.dl4j.snn.layers.SpikingDense) {
            return new SpikingDense(conf, dataType);
        }
        if (config instanceof org.dl4j.snn.layers.SpikingConv) {
            return new SpikingConv(conf, dataType);
        }
        if (config instanceof org.dl4j.snn.layers.TimeConv) {
            return new TimeConv(conf, dataType);
        }
        if (config instanceof org.dl4j.snn.layers.LeakyIntegratorReadout) {
            return new LeakyIntegratorReadout(conf, dataType);
        }
        if (config instanceof org.dl4j.snn.layers.SpikingNeuron) {
            return new SpikingNeuron(conf, dataType);
        }
        return new FusedRuntime(conf, dataType);
    }
}
