package org.dl4j.snn.neuron.internal;

import java.util.Arrays;

/**
 * The state a neuron population carries from one time step to the next (streaming / rnnTimeStep).
 * Layout [outer, inner] (index o*spatial + i, as {@link Geometry}): membrane potential V after reset and, for
 * CUBA_LIF, the synaptic current I; the kernel's backward also returns gradients in this form.
 */
public final class State {
    private final double[] v;
    private final double[] current;

    /**
     * @param v       membrane potential V[t], length batch*channels*spatial
     * @param current synaptic current I[t] (CUBA_LIF), same length, or null for models without one
     */
    public State(double[] v, double[] current) {
        if (v == null) throw new IllegalArgumentException("State.v must not be null");
        if (current != null && current.length != v.length) {
            throw new IllegalArgumentException("State.current has length " + current.length
                    + ", expected " + v.length + " (the length of v)");
        }
        this.v = v;
        this.current = current;
    }

    /** A state of zeros for {@code length} neurons (with a current array when {@code withCurrent}). */
    public static State zeros(int length, boolean withCurrent) {
        return new State(new double[length], withCurrent ? new double[length] : null);
    }

    /** Membrane potential (live array, not a copy). */
    public double[] v() { return v; }

    /** Synaptic current (live array) or null. */
    public double[] current() { return current; }

    public int length() { return v.length; }

    /**
     * Whether every value is finite. After a forward pass this tells whether the input was: a NaN or infinite
     * input current makes H non-finite, and the reset and charge carry that into V (NaN stays NaN; infinity turns
     * into NaN through 0 * inf, or stays infinite) up to the final state.
     */
    public boolean isFinite() {
        return finite(v) && (current == null || finite(current));
    }

    /**
     * Whether the largest magnitude is finite (Math.max propagates NaN): a reduction C2 compiles to vector code,
     * where a sum of {@code x - x} would be a serial chain of adds (as {@code TimeLayout.allFinite} for floats).
     */
    private static boolean finite(double[] a) {
        double largest = 0;
        for (double x : a) largest = Math.max(largest, Math.abs(x));
        return largest <= Double.MAX_VALUE;
    }

    public State copy() {
        return new State(v.clone(), current == null ? null : current.clone());
    }

    @Override
    public String toString() {
        return "State(" + v.length + " neurons" + (current != null ? ", with current" : "") + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof State s && Arrays.equals(v, s.v) && Arrays.equals(current, s.current);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(v) * 31 + Arrays.hashCode(current); }
}
