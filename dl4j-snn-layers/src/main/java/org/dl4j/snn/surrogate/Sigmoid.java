package org.dl4j.snn.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Logistic surrogate (SpikingJelly {@code surrogate.Sigmoid}, alpha = 4 by default there).
 * g(u) = s = 1 / (1 + exp(-alpha * u)) and g'(u) = alpha * s * (1 - s).
 */
public final class Sigmoid implements Surrogate {
    private static final long serialVersionUID = 1L;

    @JsonProperty("alpha")
    private final double alpha;

    /** @param alpha sharpness, &gt; 0; g'(0) = alpha/4 */
    @JsonCreator
    public Sigmoid(@JsonProperty("alpha") double alpha) {
        this.alpha = Checks.positive(Sigmoid.class, "alpha", alpha);
    }

    public double alpha() { return alpha; }

    @Override
    public double derivative(double u) {
        double s = primitive(u);
        return alpha * s * (1 - s);
    }

    @Override
    public double primitive(double u) {
        return 1 / (1 + Math.exp(-alpha * u));
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable u) {
        return sd.nn.sigmoid(u.mul(alpha));
    }

    @Override public boolean equals(Object o) { return o instanceof Sigmoid a && a.alpha == alpha; }
    @Override public int hashCode() { return Double.hashCode(alpha) * 31 + 2; }
    @Override public String toString() { return "Sigmoid(alpha=" + alpha + ")"; }
}
