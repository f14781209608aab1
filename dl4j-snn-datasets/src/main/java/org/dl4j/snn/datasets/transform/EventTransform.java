package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;

import java.util.SplittableRandom;

/**
 * One step on an event stream: {@code Events -> Events}, a pure function over the primitive arrays.
 *
 * <p>Deterministic transforms ignore {@code rng}; random ones (augmentation) draw from it only, so a seeded
 * {@code rng} reproduces the output exactly. {@link #key()} names every setting (used in cache keys).
 */
public interface EventTransform {

    Events apply(Events events, SplittableRandom rng);

    /** True when the output depends on {@code rng}. */
    default boolean isRandom() {
        return false;
    }

    /** A stable description of the settings, e.g. {@code Denoise(filterTimeUs=10000)}. */
    String key();
}
