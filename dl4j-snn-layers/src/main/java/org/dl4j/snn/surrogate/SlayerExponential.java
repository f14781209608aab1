package org.dl4j.snn.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * SLAYER's exponential spike-escape surrogate (lava-dl; Rouser uses scale = 1.5, tauRho = 3.75).
 * g'(u) = (scale/tauRho) * exp(-|u|/tauRho); g(u) = scale * (exp(min(u,0)/tauRho) + 1 - exp(-max(u,0)/tauRho)),
 * a step from 0 to 2*scale.
 */
public final class SlayerExponential implements Surrogate {
    private static final long serialVersionUID = 1L;

    @JsonProperty("scale")
    private final double scale;
    @JsonProperty("tauRho")
    private final double tauRho;

    /**
     * @param scale  height factor s, &gt; 0
     * @param tauRho width tau_rho of the exponential, &gt; 0
     */
    @JsonCreator
    public SlayerExponential(@JsonProperty("scale") double scale, @JsonProperty("tauRho") double tauRho) {
        this.scale = Checks.positive(SlayerExponential.class, "scale", scale);
        this.tauRho = Checks.positive(SlayerExponential.class, "tauRho", tauRho);
    }

    public double scale() { return scale; }
    public double tauRho() { return tauRho; }

    @Override
    public double derivative(double u) {
        return scale / tauRho * Math.exp(-Math.abs(u) / tauRho);
    }

    @Override
    public double primitive(double u) {
        return scale * (Math.exp(Math.min(u, 0) / tauRho) + 1 - Math.exp(-Math.max(u, 0) / tauRho));
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable u) {
        // min(u,0) = -relu(-u); at exactly u = 0 the automatic derivative is 0 (relu'(0)), a null set.
        SDVariable below = sd.math.exp(sd.nn.relu(u.neg(), 0).mul(-1 / tauRho));
        SDVariable above = sd.math.exp(sd.nn.relu(u, 0).mul(-1 / tauRho));
        return below.sub(above).add(1.0).mul(scale);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlayerExponential a && a.scale == scale && a.tauRho == tauRho;
    }
    @Override public int hashCode() { return Double.hashCode(scale) * 31 + Double.hashCode(tauRho) * 7 + 7; }
    @Override public String toString() { return "SlayerExponential(scale=" + scale + ", tauRho=" + tauRho + ")"; }
}
