package org.dl4j.snn.layers.internal.runtime.named;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.dl4j.snn.layers.internal.runtime.FusedRuntime;
import org.nd4j.linalg.api.buffer.DataType;

/** The fused runtime of {@link org.dl4j.snn.layers.TimeConv}, named after it for {@code net.summary()}. */
public final class TimeConv extends FusedRuntime {
    private static final long serialVersionUID = 1L;

    public TimeConv(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }
}
