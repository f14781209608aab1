package org.dl4j.snn.neuron.internal;

import java.util.Map;

/**
 * Gradients of the scalar loss with respect to a neuron population's learnable parameters and initial state.
 * Parameter gradients are summed over batch, time and the positions sharing a value (per the parameter's
 * {@link org.dl4j.snn.neuron.Scope}); arrays are null for parameters that are not learnable.
 *
 * @param tauW         dL/dw (PLIF), or null
 * @param theta        dL/dtheta, or null
 * @param v0           dL/dv0, or null (also null when the forward pass started from a given state)
 * @param initialState dL/dV[-1] (and dL/dI[-1] for CUBA_LIF) when the forward pass started from a given state
 *                     (truncated BPTT across chunks), else null
 */
public record BpttGradients(double[] tauW, double[] theta, double[] v0, State initialState) {

    /** The non-null parameter gradients keyed by parameter name ("tauW", "theta", "v0"). */
    public Map<String, double[]> asMap() {
        return new ParamValues(tauW, theta, v0).asMap();
    }
}
