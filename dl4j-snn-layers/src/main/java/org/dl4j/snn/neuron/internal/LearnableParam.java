package org.dl4j.snn.neuron.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;

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
public record LearnableParam(String name, Scope scope, double init, double jitterStd, double uniformHalfWidth) {

    /** Name of the PLIF tau parameter w, with decay 1/tau = sigmoid(w). */
    public static final String TAU_W = "tauW";
    /** Name of the learnable firing threshold theta. */
    public static final String THETA = "theta";
    /** Name of the learnable initial membrane potential v0. */
    public static final String V0 = "v0";

    /**
     * The learnable parameters of {@code c}, in the fixed order tauW, theta, v0 (absent ones left out; none for a
     * null neuron, as a {@code TimeConv} has).
     */
    public static List<LearnableParam> of(NeuronConfig c) {
        if (c == null) return List.of();
        List<LearnableParam> out = new ArrayList<>(3);
        if (c.learnTau()) out.add(new LearnableParam(TAU_W, c.tauScope(), c.initialTauW(), 0, 0));
        if (c.learnTheta()) out.add(new LearnableParam(THETA, c.thetaScope(), c.theta(), c.thetaJitter(), 0));
        if (c.v0Mode() == V0Mode.LEARNABLE) out.add(new LearnableParam(V0, c.v0Scope(), c.v0(), 0, c.v0Range()));
        return Collections.unmodifiableList(out);
    }

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
