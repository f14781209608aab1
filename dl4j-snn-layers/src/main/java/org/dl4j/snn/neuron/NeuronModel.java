package org.dl4j.snn.neuron;

/**
 * The charge equation of a spiking neuron: which potential update runs before fire and reset.
 * IF: H = V + X; LIF: H = V + (X - (V - vReset))/tau (decayInput) or H = V - (V - vReset)/tau + X;
 * CUBA_LIF (lava-dl): I = (1 - currentDecay)*I + X, then the LIF equation with X replaced by I.
 */
public enum NeuronModel {
    /** Integrate-and-fire, no leak: H[t] = V[t-1] + X[t]. */
    IF,
    /** Leaky integrate-and-fire (SpikingJelly LIFNode / ParametricLIFNode when tau is learnable). */
    LIF,
    /** Current-based LIF with a synaptic current state (lava-dl SLAYER CUBA, used by Rouser). */
    CUBA_LIF
}
