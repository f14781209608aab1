package org.dl4j.snn.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Triangle surrogate, TET's "ZIF" (Deng et al. 2022; also IMP-SNN), gamma = 1 in both.
 * g'(u) = max(0, gamma - |u|) / gamma^2; g(u) = 1/2 + c/gamma - c*|c|/(2 gamma^2) with c = clip(u, -gamma, gamma).
 */
public final class Triangle implements Surrogate {
    private static final long serialVersionUID = 1L;

    @JsonProperty("gamma")
    private final double gamma;

    /** @param gamma half width of the triangle, &gt; 0; g'(0) = 1/gamma */
    @JsonCreator
    public Triangle(@JsonProperty("gamma") double gamma) {
        this.gamma = Checks.positive(Triangle.class, "gamma", gamma);
    }

    public double gamma() { return gamma; }

    @Override
    public double derivative(double u) {
        return Math.max(0, gamma - Math.abs(u)) / (gamma * gamma);
    }

    @Override
    public double primitive(double u) {
        double c = Math.max(-gamma, Math.min(gamma, u));
        return 0.5 + c / gamma - c * Math.abs(c) / (2 * gamma * gamma);
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable u) {
        SDVariable c = sd.math.clipByValue(u, -gamma, gamma);
        return c.div(gamma).sub(c.mul(sd.math.abs(c)).div(2 * gamma * gamma)).add(0.5);
    }

    @Override public boolean equals(Object o) { return o instanceof Triangle a && a.gamma == gamma; }
    @Override public int hashCode() { return Double.hashCode(gamma) * 31 + 5; }
    @Override public String toString() { return "Triangle(gamma=" + gamma + ")"; }
}
