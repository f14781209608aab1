package org.dl4j.snn.convert;

import java.util.Locale;

/**
 * How a set of ReLU outputs {@code a} (one calibration batch, or all of them) becomes a threshold scale lambda:
 * {@code max(a)}, the p-th percentile of {@code a}, or {@code f * max(a)} (SpikingJelly's ann2snn modes
 * {@code 'max'}, {@code '99.9%'}, {@code 0.5}). Percentiles interpolate linearly between the order statistics at
 * rank {@code q*(n-1)}, {@code q = p/100} (torch.quantile); per batch, above 1,048,576 elements every
 * {@code ceil(n/1048576)}-th element is taken first, as SpikingJelly does.
 */
public final class ScaleRule {

    /** Which statistic. */
    public enum Kind {
        /** The largest value. */
        MAX,
        /** The p-th percentile. */
        PERCENTILE,
        /** A fraction of the largest value. */
        FRACTION_OF_MAX
    }

    private final Kind kind;
    private final double value;

    private ScaleRule(Kind kind, double value) {
        this.kind = kind;
        this.value = value;
    }

    /** lambda = max(a): no ANN activation exceeds the threshold (Diehl et al. 2015; SpikingJelly 'max'). */
    public static ScaleRule max() {
        return new ScaleRule(Kind.MAX, 1);
    }

    /**
     * lambda = the p-th percentile of a (Rueckauer et al. 2017; SpikingJelly {@code '99.9%'}).
     *
     * @param p in (0, 100]
     */
    public static ScaleRule percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("ScaleRule.percentile: p must lie in (0, 100], got " + p);
        }
        return new ScaleRule(Kind.PERCENTILE, p);
    }

    /**
     * lambda = f * max(a) (SpikingJelly's float mode, e.g. 0.5).
     *
     * @param f in (0, 1]
     */
    public static ScaleRule fractionOfMax(double f) {
        if (!(f > 0 && f <= 1)) {
            throw new IllegalArgumentException("ScaleRule.fractionOfMax: f must lie in (0, 1], got " + f);
        }
        return new ScaleRule(Kind.FRACTION_OF_MAX, f);
    }

    /**
     * SpikingJelly's mode argument: {@code "max"}, a percentile {@code "99.9%"} (also {@code "p99.9"}), or a fraction
     * of the maximum {@code "0.5"} (also {@code "0.5max"}).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static ScaleRule parse(String mode) {
        String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
        try {
            if (m.equals("max")) {
                return max();
            }
            if (m.endsWith("%")) {
                return percentile(Double.parseDouble(m.substring(0, m.length() - 1)));
            }
            if (m.startsWith("p")) {
                return percentile(Double.parseDouble(m.substring(1)));
            }
            if (m.endsWith("max")) {
                return fractionOfMax(Double.parseDouble(m.substring(0, m.length() - 3)));
            }
            return fractionOfMax(Double.parseDouble(m));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scale mode \"" + mode + "\": expected max, a percentile such as 99.9% "
                    + "(or p99.9), or a fraction of the maximum such as 0.5 (or 0.5max)");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** p for PERCENTILE, f for FRACTION_OF_MAX, 1 for MAX. */
    public double value() {
        return value;
    }

    /** The name used in reports and by SpikingJelly's reference files: max, p99.9, 0.5max. */
    public String label() {
        return switch (kind) {
            case MAX -> "max";
            case PERCENTILE -> "p" + number(value);
            case FRACTION_OF_MAX -> number(value) + "max";
        };
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaleRule r && r.kind == kind && Double.compare(r.value, value) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(value);
    }

    @Override
    public String toString() {
        return label();
    }
}
