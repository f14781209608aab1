package org.dl4j.snn.neuron;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Current values of a neuron population's learnable parameters, as handed to {@link NeuronKernel}.
 * Each array has the length its {@link Scope} gives (1, C or C*S) and is null when that parameter is not
 * learnable: tauW (decay sigmoid(w)), theta, v0.
 *
 * @param tauW  PLIF w, 1/tau = sigmoid(w), or null
 * @param theta thresholds, or null
 * @param v0    initial potentials V[-1], or null
 */
public record NeuronParams(double[] tauW, double[] theta, double[] v0) {

    /** No learnable parameters. */
    public static NeuronParams none() {
        return new NeuronParams(null, null, null);
    }

    /** Reads "tauW", "theta", "v0" from a map (absent names give null). */
    public static NeuronParams fromMap(Map<String, double[]> values) {
        return new NeuronParams(values.get(NeuronParam.TAU_W), values.get(NeuronParam.THETA),
                values.get(NeuronParam.V0));
    }

    /** Reads "tauW", "theta", "v0" from a DL4J parameter table (copied to double; any shape, C order). */
    public static NeuronParams fromTable(Map<String, INDArray> table) {
        return new NeuronParams(vector(table.get(NeuronParam.TAU_W)), vector(table.get(NeuronParam.THETA)),
                vector(table.get(NeuronParam.V0)));
    }

    private static double[] vector(INDArray a) {
        return a == null ? null : a.dup('c').reshape(a.length()).toDoubleVector();
    }

    /** The non-null arrays keyed by their parameter names. */
    public Map<String, double[]> asMap() {
        Map<String, double[]> m = new HashMap<>();
        if (tauW != null) m.put(NeuronParam.TAU_W, tauW);
        if (theta != null) m.put(NeuronParam.THETA, theta);
        if (v0 != null) m.put(NeuronParam.V0, v0);
        return m;
    }
}
