package org.dl4j.snn.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Rectangular (box) surrogate (Wu et al. 2018 STBP "rectangular" curve).
 * g'(u) = 1/width for |u| &lt; width/2, else 0; g(u) = 1/2 + c/width with c = clip(u, -width/2, width/2).
 */
public final class Rectangular implements Surrogate {
    private static final long serialVersionUID = 1L;

    @JsonProperty("width")
    private final double width;

    /** @param width width of the box, &gt; 0; the box has area 1 */
    @JsonCreator
    public Rectangular(@JsonProperty("width") double width) {
        this.width = Checks.positive(Rectangular.class, "width", width);
    }

    public double width() { return width; }

    @Override
    public double derivative(double u) {
        return Math.abs(u) < width / 2 ? 1 / width : 0;
    }

    @Override
    public double primitive(double u) {
        return 0.5 + Math.max(-width / 2, Math.min(width / 2, u)) / width;
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable u) {
        return sd.math.clipByValue(u, -width / 2, width / 2).div(width).add(0.5);
    }

    @Override public boolean equals(Object o) { return o instanceof Rectangular a && a.width == width; }
    @Override public int hashCode() { return Double.hashCode(width) * 31 + 6; }
    @Override public String toString() { return "Rectangular(width=" + width + ")"; }
}
