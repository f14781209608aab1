package org.dl4j.snn.neuron;

/**
 * How the membrane potential before the first time step, V[-1], is chosen at the start of every sequence.
 * REST: vReset for HARD reset, 0 for SOFT (SpikingJelly); FIXED: the configured v0; LEARNABLE: parameter "v0"
 * (IMP-SNN, Shen et al. 2024), shared over the batch at the configured scope.
 */
public enum V0Mode {
    /** V[-1] = vReset (HARD reset) or 0 (SOFT reset), as SpikingJelly. */
    REST,
    /** V[-1] = the configured constant v0. */
    FIXED,
    /** V[-1] = the learnable parameter "v0" (per layer, channel or neuron). */
    LEARNABLE
}
