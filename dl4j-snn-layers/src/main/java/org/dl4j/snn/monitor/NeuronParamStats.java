package org.dl4j.snn.monitor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dl4j.snn.neuron.internal.LearnableParam;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The current values of a spiking layer's learnable neuron parameters, summarised as {@link ParamStats}: "tau"
 * (derived from the PLIF parameter "tauW" as {@code tau = 1/sigmoid(w) = 1 + exp(-w)}), "theta" and "v0".
 * Parameters the layer does not learn are absent; the map is ordered tau, theta, v0.
 */
public final class NeuronParamStats {
    /** Name of the reported membrane time constant (derived from {@link LearnableParam#TAU_W}). */
    public static final String TAU = "tau";
    /** Name of the reported firing threshold. */
    public static final String THETA = LearnableParam.THETA;
    /** Name of the reported initial membrane potential. */
    public static final String V0 = LearnableParam.V0;

    private NeuronParamStats() {
    }

    /** The membrane time constant of a PLIF parameter w: {@code tau = 1/sigmoid(w) = 1 + exp(-w)}. */
    public static double tauOf(double w) {
        return 1 + Math.exp(-w);
    }

    /**
     * Statistics of the neuron parameters found in a layer's parameter table (keys "tauW", "theta", "v0"; other
     * keys such as "W" and "b" are ignored).
     *
     * @param paramTable the layer's {@code paramTable()}, may be null or empty
     */
    public static Map<String, ParamStats> of(Map<String, INDArray> paramTable) {
        if (paramTable == null || paramTable.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, ParamStats> out = new LinkedHashMap<>();
        INDArray w = paramTable.get(LearnableParam.TAU_W);
        if (w != null && !w.isEmpty()) {
            double[] tau = w.ravel().toDoubleVector();
            for (int k = 0; k < tau.length; k++) {
                tau[k] = tauOf(tau[k]);
            }
            out.put(TAU, ParamStats.of(TAU, tau));
        }
        putRaw(out, THETA, paramTable.get(LearnableParam.THETA));
        putRaw(out, V0, paramTable.get(LearnableParam.V0));
        return Collections.unmodifiableMap(out);
    }

    private static void putRaw(Map<String, ParamStats> out, String name, INDArray values) {
        if (values != null && !values.isEmpty()) {
            out.put(name, ParamStats.of(name, values.ravel().toDoubleVector()));
        }
    }
}
