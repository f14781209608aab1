package org.dl4j.snn.neuron.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.ATan;
import org.dl4j.snn.surrogate.FastSigmoid;
import org.dl4j.snn.surrogate.PiecewiseQuadratic;
import org.dl4j.snn.surrogate.Rectangular;
import org.dl4j.snn.surrogate.Sigmoid;
import org.dl4j.snn.surrogate.SlayerExponential;
import org.dl4j.snn.surrogate.Triangle;

/** Neuron configurations covering every model, reset, scope and mode, with small random fixtures. */
public final class Variants {

    /** One configuration on one layout (rank 3: [b, C, T]; rank 5: [b, C, T, H, W]). */
    public record Variant(String name, NeuronConfig config, int rank) {
        Geometry shape() {
            return rank == 3 ? new Geometry(3, 4, 6, 1) : new Geometry(2, 3, 5, height() * width());
        }
        int height() { return rank == 3 ? 1 : 2; }
        int width() { return rank == 3 ? 1 : 3; }
        @Override public String toString() { return name + " rank " + rank; }
    }

    private Variants() {}

    public static List<Variant> all() {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("LIF hard ATan", NeuronConfig.builder().build(), 3));
        v.add(new Variant("LIF soft detach Sigmoid", NeuronConfig.builder().reset(Reset.SOFT).detachReset(true)
                .surrogate(new Sigmoid(4)).build(), 3));
        v.add(new Variant("LIF no-decay vReset -0.2 fixed v0", NeuronConfig.builder().decayInput(false).tau(3)
                .vReset(-0.2).v0Mode(V0Mode.FIXED).v0(0.3).surrogate(new PiecewiseQuadratic(1)).build(), 3));
        v.add(new Variant("IF hard Triangle", NeuronConfig.builder().model(NeuronModel.IF)
                .surrogate(new Triangle(1)).build(), 3));
        v.add(new Variant("LIF Rectangular theta LAYER", NeuronConfig.builder().surrogate(new Rectangular(1))
                .learnTheta(true).thetaScope(Scope.LAYER).build(), 3));
        v.add(new Variant("CUBA hard Slayer theta NEURON", NeuronConfig.builder().model(NeuronModel.CUBA_LIF)
                .tau(4).theta(1.25).learnTheta(true).surrogate(new SlayerExponential(1.5, 3.75)).build(), 3));
        v.add(new Variant("CUBA soft tau CHANNEL", NeuronConfig.builder().model(NeuronModel.CUBA_LIF).tau(3)
                .reset(Reset.SOFT).learnTau(true).tauScope(Scope.CHANNEL).build(), 5));
        v.add(new Variant("CUBA decayInput v0 CHANNEL", NeuronConfig.builder().model(NeuronModel.CUBA_LIF)
                .decayInput(true).currentDecay(0.5).v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.CHANNEL).build(), 5));
        v.add(new Variant("PLIF soft tau NEURON theta CHANNEL v0 LAYER", NeuronConfig.builder().reset(Reset.SOFT)
                .learnTau(true).tauScope(Scope.NEURON).learnTheta(true).thetaScope(Scope.CHANNEL)
                .v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.LAYER).build(), 5));
        v.add(new Variant("PLIF hard detach tau LAYER theta LAYER v0 NEURON", NeuronConfig.builder()
                .detachReset(true).learnTau(true).learnTheta(true).thetaScope(Scope.LAYER)
                .v0Mode(V0Mode.LEARNABLE).surrogate(new FastSigmoid(2)).build(), 5));
        v.add(new Variant("LIF hard theta NEURON spatial", NeuronConfig.builder().learnTheta(true)
                .surrogate(new ATan(3)).build(), 5));
        v.add(new Variant("non-spiking LIF tau v0", NeuronConfig.builder().spiking(false).learnTau(true)
                .v0Mode(V0Mode.LEARNABLE).build(), 3));
        v.add(new Variant("non-spiking CUBA", NeuronConfig.builder().model(NeuronModel.CUBA_LIF).spiking(false)
                .build(), 5));
        // tau = 1: V is forgotten every step (the SameDiff graph computes all steps at once, see NeuronGraph).
        v.add(new Variant("memoryless LIF tau 1 soft", NeuronConfig.builder().tau(1).reset(Reset.SOFT).build(), 5));
        v.add(new Variant("non-spiking LIF tau 1 (readout)", NeuronConfig.builder().tau(1).spiking(false)
                .decayInput(false).vReset(0.25).build(), 3));
        return v;
    }

    /** Variants whose surrogate BPTT is the exact gradient of the smooth forward (detachReset drops a path). */
    static List<Variant> withoutDetach() {
        return all().stream().filter(v -> !v.config().detachReset()).toList();
    }

    /** Uniform inputs in [-0.5, 2.5): a mix of silent and firing neurons. */
    static double[] input(Geometry shape, Random rng) {
        double[] x = new double[shape.length()];
        for (int i = 0; i < x.length; i++) x[i] = -0.5 + 3 * rng.nextDouble();
        return x;
    }

    static double[] gaussian(int n, Random rng) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = rng.nextGaussian();
        return g;
    }

    /** Random parameter values near the config's initial ones (so that every entry matters). */
    static ParamValues params(NeuronConfig cfg, Geometry shape, Random rng) {
        double[] tauW = null;
        double[] theta = null;
        double[] v0 = null;
        for (LearnableParam p : LearnableParam.of(cfg)) {
            double[] v = p.initialValues(shape.channels(), shape.inner(), rng);
            for (int i = 0; i < v.length; i++) {
                v[i] += switch (p.name()) {
                    case LearnableParam.TAU_W -> 0.5 * rng.nextGaussian();
                    case LearnableParam.THETA -> 0.4 * rng.nextDouble() - 0.2;
                    default -> 0.8 * rng.nextDouble() - 0.3;
                };
            }
            switch (p.name()) {
                case LearnableParam.TAU_W -> tauW = v;
                case LearnableParam.THETA -> theta = v;
                default -> v0 = v;
            }
        }
        return new ParamValues(tauW, theta, v0);
    }
}
