package org.dl4j.snn.neuron.internal;

import org.dl4j.snn.neuron.NeuronConfig;

/**
 * The charge step of a neuron model, H[t] from V[t-1] and the input X[t], with the partial derivatives that
 * {@link NeuronKernel}'s shared BPTT loop needs. Every model here is affine in the potential and in its drive D[t]
 * (the input, or the input filtered by a synaptic current), with the lane's decay k:
 * <pre>
 *   H[t] = (1 - k)*V[t-1] + a*D[t] + k*vR          dH/dV[t-1] = 1 - k,   dH/dD[t] = a
 * </pre>
 * A model picks k, a and D: {@link If} (k = 0, a = 1, D = X), {@link Lif} (k = 1/tau or sigmoid(w), a = k or 1,
 * D = X) and {@link CubaLif} (Lif on D = I, the synaptic current). Their SameDiff twins are {@link NeuronGraph}'s
 * {@code ifCharge}, {@code LifCharge} (and {@code lifCharge} per step) and {@code cubaCurrent}.
 *
 * <p>Why the pieces hold data rather than one virtual {@code charge(v, x)}: the kernel reads a model's coefficients
 * once per block (arrays per lane, or scalars on the fast path) and calls only final methods per element
 * ({@link Lif#dHdk}, {@link CubaLif#drive}). A virtual call per element would become megamorphic as soon as one JVM
 * runs several models (tests, or a network of LIF and readout layers), and the JIT would stop inlining the hot loop.
 *
 * <p>A new model affine in V and D is a class here (its k, a and drive, and the partials of what it adds), its case in
 * {@link #of}, and its twin in {@link NeuronGraph}; one with other state or a non-affine charge also extends the
 * loops, which then read its per-element partials as they read {@link Lif#dHdk}.
 */
abstract sealed class Charge permits Charge.If, Charge.Lif {

    /** vR, the potential the leak pulls towards. */
    final double rest;
    /** Whether the drive is scaled by k (decayInput), else by 1. */
    final boolean decayInput;

    private Charge(double rest, boolean decayInput) {
        this.rest = rest;
        this.decayInput = decayInput;
    }

    /** The charge of {@code config}'s model. */
    static Charge of(NeuronConfig config) {
        return switch (config.model()) {
            case IF -> new If(config.restPotential());
            case LIF -> new Lif(config.restPotential(), config.decayInput(), config.decay());
            case CUBA_LIF -> new CubaLif(config.restPotential(), config.decayInput(), config.decay(),
                    1 - config.currentDecay());
        };
    }

    /** k of a lane whose decay is not learnable. */
    abstract double fixedDecay();

    /** dH/dV[t-1] = 1 - k: also the factor that carries dL/dH[t] back to dL/dV[t-1]. */
    final double dHdV(double k) {
        return 1 - k;
    }

    /** dH/dD[t] = a (k with decayInput, else 1). */
    final double dHdD(double k) {
        return decayInput ? k : 1;
    }

    /** The constant term k*vR. */
    final double offset(double k) {
        return k * rest;
    }

    /** The synaptic current this model filters its input through, or null when D = X. */
    CubaLif current() {
        return null;
    }

    /**
     * Integrate-and-fire: {@code H[t] = V[t-1] + X[t]}, the affine form with k = 0 and a = 1 (no leak, so no decay to
     * learn).
     */
    static final class If extends Charge {
        If(double rest) {
            super(rest, false);
        }

        @Override
        double fixedDecay() {
            return 0;
        }
    }

    /**
     * Leaky integrate-and-fire:
     * <pre>
     *   H[t] = V[t-1] + k*(X[t] - (V[t-1] - vR))      decayInput (a = k)
     *   H[t] = V[t-1] - k*(V[t-1] - vR) + X[t]        otherwise  (a = 1)
     * </pre>
     * k = 1/tau, or sigmoid(w) with a learnable w (PLIF), whose gradient needs {@link #dHdk}.
     */
    static sealed class Lif extends Charge permits CubaLif {
        private final double decay;

        Lif(double rest, boolean decayInput, double decay) {
            super(rest, decayInput);
            this.decay = decay;
        }

        @Override
        final double fixedDecay() {
            return decay;
        }

        /**
         * dH/dk at one element: D[t] - (V[t-1] - vR) with decayInput, computed as (H[t] - V[t-1])/k from the stored
         * H (no drive kept for backward); -(V[t-1] - vR) otherwise.
         */
        final double dHdk(double h, double vPrev, double k) {
            return decayInput ? (h - vPrev) / k : -(vPrev - rest);
        }
    }

    /**
     * Current-based LIF: a synaptic current filters the input, {@code I[t] = kI*I[t-1] + X[t]} (kI = 1 -
     * currentDecay, I[-1] = 0 or the streamed state), and {@link Lif} charges with D[t] = I[t]. BPTT through the
     * current: {@code dI[t] = dD[t] + kI*dI[t+1]}, {@code dX[t] = dI[t]}, {@code dI[-1] = kI*dI[0]}. I is the extra
     * state this model carries between chunks ({@link State#current()}).
     */
    static final class CubaLif extends Lif {
        /** kI = 1 - currentDecay. */
        private final double keep;

        CubaLif(double rest, boolean decayInput, double decay, double keep) {
            super(rest, decayInput, decay);
            this.keep = keep;
        }

        @Override
        CubaLif current() {
            return this;
        }

        /** D[t] = I[t] = X[t] + kI*I[t-1] for lane l; {@code cur[l]} holds I[t-1] and receives I[t]. */
        double drive(double x, double[] cur, int l) {
            double i = x + keep * cur[l];
            cur[l] = i;
            return i;
        }

        /**
         * dX[t] = dI[t] = dD[t] + kI*dI[t+1] for lane l; {@code carry[l]} holds kI*dI[t+1] and receives kI*dI[t]
         * (after step 0: dL/dI[-1]).
         */
        double dX(double dDrive, double[] carry, int l) {
            double d = dDrive + carry[l];
            carry[l] = keep * d;
            return d;
        }
    }
}
