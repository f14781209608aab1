package org.dl4j.snn.neuron.internal;

import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.Reset;

/**
 * The reset step of a neuron, V[t] from H[t] and the spike S[t], with the partial derivatives that
 * {@link NeuronKernel}'s shared BPTT loop needs:
 * <pre>
 *           V[t]                         dV/dS         dV/dH    dV/dtheta
 *   HARD    S*vReset + (1 - S)*H         vReset - H    1 - S    0
 *   SOFT    H - S*theta                  -theta        1        -S
 *   NONE    H   (non-spiking readout)    0             1        0
 * </pre>
 * With detachReset, S is a constant inside the reset: dV/dS = 0, the other partials unchanged. The SameDiff twin is
 * {@link NeuronGraph}'s {@code reset}.
 *
 * <p>One final class rather than a class per rule: the kernel calls these methods per element, and a final method
 * whose rule is a loop-invariant field inlines to one predictable branch, while a call on an interface with several
 * implementations in one JVM would not inline at all (see {@link Charge}).
 */
final class ResetRule {

    /** Which of the three rules. */
    enum Kind { HARD, SOFT, NONE }

    private final Kind kind;
    private final double vReset;
    private final boolean detached;

    private ResetRule(Kind kind, double vReset, boolean detached) {
        this.kind = kind;
        this.vReset = vReset;
        this.detached = detached;
    }

    /** The rule of {@code config}: NONE for a non-spiking population, else its reset and detachReset. */
    static ResetRule of(NeuronConfig config) {
        // A readout's V does not depend on a spike: detached, so that dV/dS = 0 takes the same branch.
        if (!config.spiking()) return new ResetRule(Kind.NONE, 0, true);
        return new ResetRule(config.reset() == Reset.HARD ? Kind.HARD : Kind.SOFT, config.vReset(),
                config.detachReset());
    }

    Kind kind() { return kind; }

    double vReset() { return vReset; }

    boolean detached() { return detached; }

    /**
     * V[t] after the reset. Exact for a binary S: 1*vReset + 0*H = vReset and 0*vReset + 1*H = H (the smooth
     * gradient-check mode passes S in (0, 1)).
     */
    double after(double h, double s, double theta) {
        return kind == Kind.HARD ? s * vReset + (1 - s) * h : kind == Kind.SOFT ? h - s * theta : h;
    }

    /** dV[t]/dS[t]: the path through which the spike's gradient reaches the next step's potential. */
    double dVdS(double h, double theta) {
        return detached ? 0 : kind == Kind.HARD ? vReset - h : -theta;
    }

    /**
     * dV * dV[t]/dH[t] (S held fixed): the gradient dV of V[t] carried back to H[t] through the reset. As a product
     * rather than the partial alone, so that SOFT passes dV on without a multiplication by 1.
     */
    double viaH(double s, double dV) {
        return kind == Kind.HARD ? (1 - s) * dV : dV;
    }

    /**
     * dV * dV[t]/dtheta (S held fixed): the part of dL/dtheta that flows through the reset. As a product so that
     * HARD and NONE add nothing without multiplying (-0.0: adding it leaves every value, -0 included, as it was).
     */
    double viaTheta(double s, double dV) {
        return kind == Kind.SOFT ? -(s * dV) : -0.0;
    }
}
