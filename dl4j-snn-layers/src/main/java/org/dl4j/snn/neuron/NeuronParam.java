package org.dl4j.snn.neuron;

import java.util.Random;

/**
 * One learnable neuron parameter as a layer declares it: stable name, scope and initial distribution.
 * The initial value of each entry is {@code init + jitterStd * N(0,1) + U(-uniformHalfWidth, uniformHalfWidth)}.
 *
 * @param name             "tauW", "theta" or "v0" (stable: they appear in DL4J's parameter table)
 * @param scope            one value per layer, channel or neuron
 * @param init             centre of the initial values
 * @param jitterStd        std of Gaussian jitter (theta: STL-SNN), 0 for none
 * @param uniformHalfWidth half width of uniform jitter (v0: IMP-SNN's U(0.4, 0.6)), 0 for none
 */
public record NeuronParam(String name, Scope scope, double init, double jitterStd, double uniformHalfWidth) {

    /** Name of the PLIF tau parameter w, with decay 1/tau = sigmoid(w). */
    public static final String TAU_W = "tauW";
    /** Name of the learnable firing threshold theta. */
    public static final String THETA = "theta";
    /** Name of the learnable initial membrane potential v0. */
    public static final String V0 = "v0";

    /** Number of values for a layer of C channels with S spatial positions. */
    public int length(int channels, int spatial) {
        return scope.length(channels, spatial);
    }

    /** Fresh initial values for a layer of C channels with S spatial positions, drawn from {@code rng}. */
    public double[] initialValues(int channels, int spatial, Random rng) {
        double[] v = new double[length(channels, spatial)];
        for (int k = 0; k < v.length; k++) {
            double x = init;
            if (jitterStd > 0) x += jitterStd * rng.nextGaussian();
            if (uniformHalfWidth > 0) x += uniformHalfWidth * (2 * rng.nextDouble() - 1);
            v[k] = x;
        }
        return v;
    }
}
