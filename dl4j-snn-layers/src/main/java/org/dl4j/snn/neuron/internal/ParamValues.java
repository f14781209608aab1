package org.dl4j.snn.neuron.internal;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Current values of a neuron population's learnable parameters, as handed to {@link NeuronKernel}.
 * Each array has the length its {@link org.dl4j.snn.neuron.Scope} gives (1, C or C*S) and is null when that parameter
 * is not learnable: tauW (decay sigmoid(w)), theta, v0.
 *
 * @param tauW  PLIF w, 1/tau = sigmoid(w), or null
 * @param theta thresholds, or null
 * @param v0    initial potentials V[-1], or null
 */
public record ParamValues(double[] tauW, double[] theta, double[] v0) {

    /** No learnable parameters. */
    public static ParamValues none() {
        return new ParamValues(null, null, null);
    }

    /** Reads "tauW", "theta", "v0" from a map (absent names give null). */
    public static ParamValues fromMap(Map<String, double[]> values) {
        return new ParamValues(values.get(LearnableParam.TAU_W), values.get(LearnableParam.THETA),
                values.get(LearnableParam.V0));
    }

    /** Reads "tauW", "theta", "v0" from a DL4J parameter table (copied to double; any shape, C order). */
    public static ParamValues fromTable(Map<String, INDArray> table) {
        return new ParamValues(vector(table.get(LearnableParam.TAU_W)), vector(table.get(LearnableParam.THETA)),
                vector(table.get(LearnableParam.V0)));
    }

    private static double[] vector(INDArray a) {
        return a == null ? null : a.dup('c').reshape(a.length()).toDoubleVector();
    }

    /** The non-null arrays keyed by their parameter names. */
    public Map<String, double[]> asMap() {
        Map<String, double[]> m = new HashMap<>();
        if (tauW != null) m.put(LearnableParam.TAU_W, tauW);
        if (theta != null) m.put(LearnableParam.THETA, theta);
        if (v0 != null) m.put(LearnableParam.V0, v0);
        return m;
    }
}
