package org.dl4j.snn.monitor.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dl4j.snn.monitor.ParamStats;
import org.dl4j.snn.neuron.internal.LearnableParam;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The current values of a spiking layer's learnable neuron parameters, summarised as {@link ParamStats}: "tau"
 * (derived from the PLIF parameter "tauW" as {@code tau = 1/sigmoid(w) = 1 + exp(-w)}), "theta" and "v0".
 * Parameters the layer does not learn are absent; the map is ordered tau, theta, v0.
 */
public final class NeuronParamStats {
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
            out.put(ParamStats.TAU, ParamStats.of(ParamStats.TAU, tau));
        }
        putRaw(out, ParamStats.THETA, paramTable.get(LearnableParam.THETA));
        putRaw(out, ParamStats.V0, paramTable.get(LearnableParam.V0));
        return Collections.unmodifiableMap(out);
    }

    private static void putRaw(Map<String, ParamStats> out, String name, INDArray values) {
        if (values != null && !values.isEmpty()) {
            out.put(name, ParamStats.of(name, values.ravel().toDoubleVector()));
        }
    }
}
