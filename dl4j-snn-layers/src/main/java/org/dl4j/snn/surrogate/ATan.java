package org.dl4j.snn.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Arctangent surrogate (SpikingJelly {@code surrogate.ATan}, the PLIF paper's default with alpha = 2).
 * g(u) = atan(pi/2 * alpha * u) / pi + 1/2 and g'(u) = (alpha/2) / (1 + (pi/2 * alpha * u)^2).
 */
public final class ATan implements Surrogate {
    private static final long serialVersionUID = 1L;

    @JsonProperty("alpha")
    private final double alpha;

    /** @param alpha sharpness, &gt; 0 (2 in SpikingJelly); g'(0) = alpha/2 */
    @JsonCreator
    public ATan(@JsonProperty("alpha") double alpha) {
        this.alpha = Checks.positive(ATan.class, "alpha", alpha);
    }

    public double alpha() { return alpha; }

    @Override
    public double derivative(double u) {
        double z = Math.PI / 2 * alpha * u;
        return alpha / 2 / (1 + z * z);
    }

    @Override
    public double primitive(double u) {
        return Math.atan(Math.PI / 2 * alpha * u) / Math.PI + 0.5;
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable u) {
        return sd.math.atan(u.mul(Math.PI / 2 * alpha)).div(Math.PI).add(0.5);
    }

    @Override public boolean equals(Object o) { return o instanceof ATan a && a.alpha == alpha; }
    @Override public int hashCode() { return Double.hashCode(alpha) * 31 + 1; }
    @Override public String toString() { return "ATan(alpha=" + alpha + ")"; }
}
