package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;

import java.util.SplittableRandom;

/**
 * Temporal down- (or up-) sampling of timestamps: {@code t' = floor(t * factor)} (tonic's
 * {@code Downsample(time_factor)}).
 *
 * <p>With {@code factor = 0.001} timestamps become milliseconds while staying in the microsecond field, so a
 * frame slicer then counts in the new unit; most users want a coarser {@link Slicer} instead.
 */
public record TimeScale(double factor) implements EventTransform {

    public TimeScale {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("time factor must be a finite value > 0, got " + factor);
        }
    }

    @Override
    public Events apply(Events e, SplittableRandom rng) {
        long[] t = new long[e.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = (long) Math.floor(e.t()[i] * factor);
        }
        return new Events(e.width(), e.height(), e.x().clone(), e.y().clone(), t, e.p().clone());
    }

    @Override
    public String key() {
        return "TimeScale(factor=" + factor + ")";
    }
}
