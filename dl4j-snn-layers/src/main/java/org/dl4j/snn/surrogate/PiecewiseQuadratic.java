package org.dl4j.snn.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Piecewise-quadratic surrogate (SpikingJelly {@code surrogate.PiecewiseQuadratic}, alpha = 1 there).
 * g'(u) = alpha - alpha^2 * |u| for |u| &lt;= 1/alpha, else 0; g(u) = 1/2 + alpha*c - (alpha^2/2)*c*|c| with
 * c = clip(u, -1/alpha, 1/alpha) (0 below, 1 above the support).
 */
public final class PiecewiseQuadratic implements Surrogate {
    private static final long serialVersionUID = 1L;

    @JsonProperty("alpha")
    private final double alpha;

    /** @param alpha sharpness, &gt; 0; support |u| &lt;= 1/alpha, g'(0) = alpha */
    @JsonCreator
    public PiecewiseQuadratic(@JsonProperty("alpha") double alpha) {
        this.alpha = Checks.positive(PiecewiseQuadratic.class, "alpha", alpha);
    }

    public double alpha() { return alpha; }

    @Override
    public double derivative(double u) {
        double a = Math.abs(u);
        return a <= 1 / alpha ? alpha - alpha * alpha * a : 0;
    }

    @Override
    public double primitive(double u) {
        double c = Math.max(-1 / alpha, Math.min(1 / alpha, u));
        return 0.5 + alpha * c - alpha * alpha / 2 * c * Math.abs(c);
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable u) {
        SDVariable c = sd.math.clipByValue(u, -1 / alpha, 1 / alpha);
        return c.mul(alpha).sub(c.mul(sd.math.abs(c)).mul(alpha * alpha / 2)).add(0.5);
    }

    @Override public boolean equals(Object o) { return o instanceof PiecewiseQuadratic a && a.alpha == alpha; }
    @Override public int hashCode() { return Double.hashCode(alpha) * 31 + 4; }
    @Override public String toString() { return "PiecewiseQuadratic(alpha=" + alpha + ")"; }
}
