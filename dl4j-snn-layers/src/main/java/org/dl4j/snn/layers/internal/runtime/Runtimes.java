package org.dl4j.snn.layers.internal.runtime;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What every layer configuration's {@code instantiate} does with its new runtime, as DL4J's own layers do. */
public final class Runtimes {
    private Runtimes() {
    }

    /**
     * Gives {@code runtime} its listeners, index, parameter view and configuration, and the parameter table of
     * {@code config}'s initialiser over the view (initialised when {@code initializeParams}); returns the runtime.
     */
    public static <T extends Layer> T wire(T runtime, org.deeplearning4j.nn.conf.layers.Layer config,
            NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView,
            boolean initializeParams) {
        runtime.setListeners(listeners);
        runtime.setIndex(layerIndex);
        runtime.setParamsViewArray(paramsView);
        runtime.setParamTable(config.initializer().init(conf, paramsView, initializeParams));
        runtime.setConf(conf);
        return runtime;
    }
}
