package org.dl4j.snn.datasets.encode;

import org.dl4j.snn.datasets.transform.Frames;

import java.util.SplittableRandom;

/**
 * Encodes a static image as {@code T} input steps {@code [T, C, H, W]} for a spiking network.
 *
 * <p>Implementations: {@link DirectEncoder} (the analog image every step, "direct"/current coding, PLIF's
 * encoder-conv input) and {@link PoissonEncoder} (Bernoulli rate coding, {@code s[t] = 1[u_t < x]}).
 */
public interface StaticEncoder {

    Frames encode(StaticImage image, int steps, SplittableRandom rng);

    /** True when the output depends on {@code rng}. */
    boolean isRandom();

    /** Stable description (cache keys). */
    String key();
}
