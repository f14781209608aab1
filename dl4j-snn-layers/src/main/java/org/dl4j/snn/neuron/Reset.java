package org.dl4j.snn.neuron;

/**
 * What a spike does to the membrane potential after fire.
 * HARD: V = S*vReset + (1 - S)*H; SOFT (reset by subtraction): V = H - S*theta.
 */
public enum Reset {
    /** V[t] = S[t]*vReset + (1 - S[t])*H[t]. */
    HARD,
    /** V[t] = H[t] - S[t]*theta; the leak of the charge equations then decays towards 0. */
    SOFT
}
