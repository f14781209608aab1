package org.dl4j.snn.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Fast-sigmoid surrogate of SuperSpike (Zenke &amp; Ganguli 2018; snnTorch {@code fast_sigmoid(slope=alpha)}).
 * g'(u) = 1 / (1 + alpha*|u|)^2 with primitive g(u) = u / (1 + alpha*|u|), a sigmoid-shaped curve from
 * -1/alpha to +1/alpha (not a 0..1 step: the surrogate is not normalised, g'(0) = 1, as in SuperSpike).
 */
public final class FastSigmoid implements Surrogate {
    private static final long serialVersionUID = 1L;

    @JsonProperty("alpha")
    private final double alpha;

    /** @param alpha slope, &gt; 0 (SuperSpike's beta; snnTorch default 25) */
    @JsonCreator
    public FastSigmoid(@JsonProperty("alpha") double alpha) {
        this.alpha = Checks.positive(FastSigmoid.class, "alpha", alpha);
    }

    public double alpha() { return alpha; }

    @Override
    public double derivative(double u) {
        double d = 1 + alpha * Math.abs(u);
        return 1 / (d * d);
    }

    @Override
    public double primitive(double u) {
        return u / (1 + alpha * Math.abs(u));
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable u) {
        return u.div(sd.math.abs(u).mul(alpha).add(1.0));
    }

    @Override public boolean equals(Object o) { return o instanceof FastSigmoid a && a.alpha == alpha; }
    @Override public int hashCode() { return Double.hashCode(alpha) * 31 + 3; }
    @Override public String toString() { return "FastSigmoid(alpha=" + alpha + ")"; }
}
