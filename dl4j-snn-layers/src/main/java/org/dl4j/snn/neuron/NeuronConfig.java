package org.dl4j.snn.neuron;

import java.io.Serializable;
import java.util.Objects;
import org.dl4j.snn.surrogate.ATan;
import org.dl4j.snn.surrogate.Surrogate;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Immutable, JSON-serialisable description of a spiking (or non-spiking leaky-integrator) neuron population.
 * Per element and step t: charge H[t] from V[t-1] and the input (see {@link NeuronModel}), fire
 * S[t] = Heaviside(H[t] - theta), reset V[t] (see {@link Reset}); BPTT uses {@link #surrogate()} for dS/dH.
 *
 * <p>Equations (k = 1/tau, or k = sigmoid(w) for a learnable tau; vR = vReset for HARD reset, 0 for SOFT):
 * <pre>
 *   IF:        H[t] = V[t-1] + X[t]
 *   LIF:       H[t] = V[t-1] + k*(X[t] - (V[t-1] - vR))         decayInput = true  (SpikingJelly default)
 *              H[t] = V[t-1] - k*(V[t-1] - vR) + X[t]           decayInput = false ("u = (1-k)u + x")
 *   CUBA_LIF:  I[t] = (1 - currentDecay)*I[t-1] + X[t], then LIF with X[t] replaced by I[t]
 *              (decayInput defaults to false here: lava-dl's V = (1 - voltageDecay)*V + I, voltageDecay = k)
 *   fire:      S[t] = 1 if H[t] &gt;= theta else 0                (spiking = false: no fire, no reset, output H)
 *   reset:     HARD V[t] = S*vReset + (1-S)*H[t];  SOFT V[t] = H[t] - S*theta
 * </pre>
 * Learnable parameters (their names are stable: they key DL4J's parameter table): "tauW" (w with k = sigmoid(w),
 * initialised to -ln(tau - 1); PLIF), "theta", "v0" (initial potential V[-1]; IMP-SNN).
 * Build with {@link #builder()}; every check happens in {@link Builder#build()} (and on JSON read).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE,
        setterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class NeuronConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    @JsonProperty("model") private final NeuronModel model;
    @JsonProperty("tau") private final double tau;
    @JsonProperty("learnTau") private final boolean learnTau;
    @JsonProperty("tauScope") private final Scope tauScope;
    @JsonProperty("decayInput") private final boolean decayInput;
    @JsonProperty("currentDecay") private final double currentDecay;
    @JsonProperty("theta") private final double theta;
    @JsonProperty("learnTheta") private final boolean learnTheta;
    @JsonProperty("thetaScope") private final Scope thetaScope;
    @JsonProperty("thetaJitter") private final double thetaJitter;
    @JsonProperty("v0Mode") private final V0Mode v0Mode;
    @JsonProperty("v0") private final double v0;
    @JsonProperty("v0Range") private final double v0Range;
    @JsonProperty("v0Scope") private final Scope v0Scope;
    @JsonProperty("vReset") private final double vReset;
    @JsonProperty("reset") private final Reset reset;
    @JsonProperty("detachReset") private final boolean detachReset;
    @JsonProperty("surrogate") private final Surrogate surrogate;
    @JsonProperty("spiking") private final boolean spiking;

    @JsonCreator
    private NeuronConfig(@JsonProperty("model") NeuronModel model,
                         @JsonProperty("tau") double tau,
                         @JsonProperty("learnTau") boolean learnTau,
                         @JsonProperty("tauScope") Scope tauScope,
                         @JsonProperty("decayInput") boolean decayInput,
                         @JsonProperty("currentDecay") double currentDecay,
                         @JsonProperty("theta") double theta,
                         @JsonProperty("learnTheta") boolean learnTheta,
                         @JsonProperty("thetaScope") Scope thetaScope,
                         @JsonProperty("thetaJitter") double thetaJitter,
                         @JsonProperty("v0Mode") V0Mode v0Mode,
                         @JsonProperty("v0") double v0,
                         @JsonProperty("v0Range") double v0Range,
                         @JsonProperty("v0Scope") Scope v0Scope,
                         @JsonProperty("vReset") double vReset,
                         @JsonProperty("reset") Reset reset,
                         @JsonProperty("detachReset") boolean detachReset,
                         @JsonProperty("surrogate") Surrogate surrogate,
                         @JsonProperty("spiking") boolean spiking) {
        this.model = model;
        this.tau = tau;
        this.learnTau = learnTau;
        this.tauScope = tauScope;
        this.decayInput = decayInput;
        this.currentDecay = currentDecay;
        this.theta = theta;
        this.learnTheta = learnTheta;
        this.thetaScope = thetaScope;
        this.thetaJitter = thetaJitter;
        this.v0Mode = v0Mode;
        this.v0 = v0;
        this.v0Range = v0Range;
        this.v0Scope = v0Scope;
        this.vReset = vReset;
        this.reset = reset;
        this.detachReset = detachReset;
        this.surrogate = surrogate;
        this.spiking = spiking;
        validate();
    }

    /** A builder with the defaults: LIF, tau 2, theta 1, hard reset to 0, ATan(2), spiking. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset to this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model; b.tau = tau; b.learnTau = learnTau; b.tauScope = tauScope; b.decayInput = decayInput;
        b.currentDecay = currentDecay; b.theta = theta; b.learnTheta = learnTheta; b.thetaScope = thetaScope;
        b.thetaJitter = thetaJitter; b.v0Mode = v0Mode; b.v0 = v0; b.v0Range = v0Range; b.v0Scope = v0Scope;
        b.vReset = vReset; b.reset = reset; b.detachReset = detachReset; b.surrogate = surrogate;
        b.spiking = spiking;
        return b;
    }

    private static IllegalArgumentException bad(String field, Object value, String rule) {
        return new IllegalArgumentException("NeuronConfig." + field + " = " + value + ": " + rule);
    }

    private void validate() {
        if (model == null) throw bad("model", null, "must be one of IF, LIF, CUBA_LIF");
        if (reset == null) throw bad("reset", null, "must be HARD or SOFT");
        if (v0Mode == null) throw bad("v0Mode", null, "must be REST, FIXED or LEARNABLE");
        if (tauScope == null) throw bad("tauScope", null, "must be LAYER, CHANNEL or NEURON");
        if (thetaScope == null) throw bad("thetaScope", null, "must be LAYER, CHANNEL or NEURON");
        if (v0Scope == null) throw bad("v0Scope", null, "must be LAYER, CHANNEL or NEURON");
        if (model != NeuronModel.IF) {
            if (!Double.isFinite(tau) || tau < 1) {
                throw bad("tau", tau, "must be a finite number >= 1 (the decay 1/tau must lie in (0, 1])");
            }
            if (learnTau && !(tau > 1)) {
                throw bad("tau", tau, "must be > 1 when learnTau = true (w = -ln(tau - 1))");
            }
        } else if (learnTau) {
            throw bad("learnTau", true, "an IF neuron has no tau to learn (use model LIF)");
        }
        if (model == NeuronModel.CUBA_LIF && !(currentDecay >= 0 && currentDecay <= 1)) {
            throw bad("currentDecay", currentDecay, "must lie in [0, 1]");
        }
        if (!Double.isFinite(vReset)) throw bad("vReset", vReset, "must be finite");
        if (reset == Reset.SOFT && vReset != 0) {
            throw bad("vReset", vReset, "must be 0 with reset = SOFT (soft reset subtracts theta; the leak"
                    + " decays towards 0)");
        }
        if (!Double.isFinite(theta)) throw bad("theta", theta, "must be finite");
        if (spiking) {
            if (surrogate == null) throw bad("surrogate", null, "is required when spiking = true");
            double floor = reset == Reset.HARD ? vReset : 0;
            if (!(theta > floor)) {
                throw bad("theta", theta, "must be > " + (reset == Reset.HARD ? "vReset = " + vReset
                        : "0 (soft reset)"));
            }
        } else {
            if (learnTheta) throw bad("learnTheta", true, "a non-spiking neuron (spiking = false) has no threshold");
            if (detachReset) throw bad("detachReset", true, "a non-spiking neuron (spiking = false) never resets");
        }
        if (!(thetaJitter >= 0) || Double.isInfinite(thetaJitter)) {
            throw bad("thetaJitter", thetaJitter, "must be a finite number >= 0");
        }
        if (thetaJitter > 0 && !learnTheta) {
            throw bad("thetaJitter", thetaJitter, "needs learnTheta = true (the jittered thresholds are the"
                    + " initial values of the parameter \"theta\")");
        }
        if (!Double.isFinite(v0)) throw bad("v0", v0, "must be finite");
        if (!(v0Range >= 0) || Double.isInfinite(v0Range)) throw bad("v0Range", v0Range, "must be a finite number >= 0");
        if (v0Range > 0 && v0Mode != V0Mode.LEARNABLE) {
            throw bad("v0Range", v0Range, "needs v0Mode = LEARNABLE (it spreads the initial values of \"v0\")");
        }
    }

    // ---- accessors -----------------------------------------------------------------------------------------

    public NeuronModel model() { return model; }
    /** Initial (or fixed) membrane time constant; unused by IF. */
    public double tau() { return tau; }
    public boolean learnTau() { return learnTau; }
    public Scope tauScope() { return tauScope; }
    public boolean decayInput() { return decayInput; }
    /** CUBA synaptic current decay (lava-dl convention: I = (1 - currentDecay)*I + X). */
    public double currentDecay() { return currentDecay; }
    /** Initial (or fixed) threshold. */
    public double theta() { return theta; }
    public boolean learnTheta() { return learnTheta; }
    public Scope thetaScope() { return thetaScope; }
    public double thetaJitter() { return thetaJitter; }
    public V0Mode v0Mode() { return v0Mode; }
    /** Fixed V[-1] (v0Mode FIXED) or centre of the initial values of parameter "v0" (LEARNABLE). */
    public double v0() { return v0; }
    public double v0Range() { return v0Range; }
    public Scope v0Scope() { return v0Scope; }
    public double vReset() { return vReset; }
    public Reset reset() { return reset; }
    public boolean detachReset() { return detachReset; }
    /** Surrogate gradient; null only when {@link #spiking()} is false. */
    public Surrogate surrogate() { return surrogate; }
    public boolean spiking() { return spiking; }

    /** The potential the leak decays towards: vReset for HARD reset, 0 for SOFT. */
    public double restPotential() {
        return reset == Reset.HARD ? vReset : 0;
    }

    /** V[-1] when it is not learnable: the rest potential (REST) or v0 (FIXED). */
    public double fixedInitialPotential() {
        return v0Mode == V0Mode.FIXED ? v0 : restPotential();
    }

    /** The decay k = 1/tau of a non-learnable tau (0 for IF, which has no leak). */
    public double decay() {
        return model == NeuronModel.IF ? 0 : 1 / tau;
    }

    /** Initial value of the PLIF parameter w: -ln(tau - 1), so that sigmoid(w) = 1/tau. */
    public double initialTauW() {
        return -Math.log(tau - 1);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof NeuronConfig c)) return false;
        return model == c.model && Double.compare(tau, c.tau) == 0 && learnTau == c.learnTau
                && tauScope == c.tauScope && decayInput == c.decayInput
                && Double.compare(currentDecay, c.currentDecay) == 0 && Double.compare(theta, c.theta) == 0
                && learnTheta == c.learnTheta && thetaScope == c.thetaScope
                && Double.compare(thetaJitter, c.thetaJitter) == 0 && v0Mode == c.v0Mode
                && Double.compare(v0, c.v0) == 0 && Double.compare(v0Range, c.v0Range) == 0
                && v0Scope == c.v0Scope && Double.compare(vReset, c.vReset) == 0 && reset == c.reset
                && detachReset == c.detachReset && Objects.equals(surrogate, c.surrogate) && spiking == c.spiking;
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, tau, learnTau, tauScope, decayInput, currentDecay, theta, learnTheta, thetaScope,
                thetaJitter, v0Mode, v0, v0Range, v0Scope, vReset, reset, detachReset, surrogate, spiking);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("NeuronConfig(").append(model);
        if (model != NeuronModel.IF) s.append(", tau=").append(tau).append(learnTau ? " learnable/" + tauScope : "");
        if (model != NeuronModel.IF) s.append(", decayInput=").append(decayInput);
        if (model == NeuronModel.CUBA_LIF) s.append(", currentDecay=").append(currentDecay);
        if (spiking) {
            s.append(", theta=").append(theta).append(learnTheta ? " learnable/" + thetaScope : "");
            if (thetaJitter > 0) s.append(" jitter ").append(thetaJitter);
            s.append(", reset=").append(reset);
            if (reset == Reset.HARD) s.append(" to ").append(vReset);
            if (detachReset) s.append(" detached");
            s.append(", surrogate=").append(surrogate);
        } else {
            s.append(", non-spiking");
        }
        s.append(", v0=").append(v0Mode);
        if (v0Mode != V0Mode.REST) s.append(' ').append(v0);
        if (v0Mode == V0Mode.LEARNABLE) s.append("+-").append(v0Range).append('/').append(v0Scope);
        return s.append(')').toString();
    }

    /** Fluent builder of {@link NeuronConfig}; {@link #build()} validates and names the offending field. */
    public static final class Builder {
        private NeuronModel model = NeuronModel.LIF;
        private double tau = 2;
        private boolean learnTau;
        private Scope tauScope = Scope.LAYER;
        private Boolean decayInput;
        private double currentDecay = 0.25;
        private double theta = 1;
        private boolean learnTheta;
        private Scope thetaScope = Scope.NEURON;
        private double thetaJitter;
        private V0Mode v0Mode = V0Mode.REST;
        private double v0;
        private double v0Range;
        private Scope v0Scope = Scope.NEURON;
        private double vReset;
        private Reset reset = Reset.HARD;
        private boolean detachReset;
        private Surrogate surrogate = new ATan(2);
        private boolean spiking = true;

        private Builder() {}

        /** Charge equation (default LIF). */
        public Builder model(NeuronModel model) { this.model = model; return this; }
        /** Membrane time constant (default 2), or the initial one when learnable; must be &gt;= 1. */
        public Builder tau(double tau) { this.tau = tau; return this; }
        /** Learn tau as 1/tau = sigmoid(w) (PLIF); requires tau &gt; 1. */
        public Builder learnTau(boolean learnTau) { this.learnTau = learnTau; return this; }
        /** Granularity of the learnable tau (default LAYER: one w per layer, as PLIF). */
        public Builder tauScope(Scope tauScope) { this.tauScope = tauScope; return this; }
        /** Whether the input is scaled by 1/tau (default true for LIF, false for CUBA_LIF). */
        public Builder decayInput(boolean decayInput) { this.decayInput = decayInput; return this; }
        /** CUBA synaptic current decay in [0, 1] (default 0.25, Rouser's value). */
        public Builder currentDecay(double currentDecay) { this.currentDecay = currentDecay; return this; }
        /** Firing threshold (default 1), or the initial one when learnable. */
        public Builder theta(double theta) { this.theta = theta; return this; }
        /** Learn the threshold by backprop through the surrogate (STL-SNN, Rouser). */
        public Builder learnTheta(boolean learnTheta) { this.learnTheta = learnTheta; return this; }
        /** Granularity of the learnable threshold (default NEURON). */
        public Builder thetaScope(Scope thetaScope) { this.thetaScope = thetaScope; return this; }
        /** Std of Gaussian jitter added to the initial thresholds (STL-SNN: 1e-4); needs learnTheta. */
        public Builder thetaJitter(double thetaJitter) { this.thetaJitter = thetaJitter; return this; }
        /** Choice of V[-1] (default REST). */
        public Builder v0Mode(V0Mode v0Mode) { this.v0Mode = v0Mode; return this; }
        /** V[-1] for FIXED, or centre of the initial values of the learnable v0. */
        public Builder v0(double v0) { this.v0 = v0; return this; }
        /** Initial learnable v0 ~ U(v0 - v0Range, v0 + v0Range) (IMP-SNN: v0 0.5, range 0.1). */
        public Builder v0Range(double v0Range) { this.v0Range = v0Range; return this; }
        /** Granularity of the learnable v0 (default NEURON, as IMP-SNN). */
        public Builder v0Scope(Scope v0Scope) { this.v0Scope = v0Scope; return this; }
        /** Hard-reset potential (default 0); must be 0 with SOFT reset. */
        public Builder vReset(double vReset) { this.vReset = vReset; return this; }
        /** HARD (default) or SOFT reset. */
        public Builder reset(Reset reset) { this.reset = reset; return this; }
        /** Treat S as a constant inside the reset equation (PLIF's detach_reset). */
        public Builder detachReset(boolean detachReset) { this.detachReset = detachReset; return this; }
        /** Surrogate gradient (default ATan(2)). */
        public Builder surrogate(Surrogate surrogate) { this.surrogate = surrogate; return this; }
        /** false: non-spiking leaky integrator, output H, no fire and no reset (readouts). */
        public Builder spiking(boolean spiking) { this.spiking = spiking; return this; }

        /** Validates and builds; throws IllegalArgumentException naming the field and its value. */
        public NeuronConfig build() {
            boolean di = decayInput != null ? decayInput : model != NeuronModel.CUBA_LIF;
            return new NeuronConfig(model, tau, learnTau, tauScope, di, currentDecay, theta, learnTheta, thetaScope,
                    thetaJitter, v0Mode, v0, v0Range, v0Scope, vReset, reset, detachReset, surrogate, spiking);
        }
    }
}
