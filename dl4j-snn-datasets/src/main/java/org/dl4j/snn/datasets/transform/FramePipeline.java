package org.dl4j.snn.datasets.transform;

import java.util.SplittableRandom;

/**
 * Turns one decoded sample ({@code D}: {@code Events} for event data, a static image for MNIST-like data) into
 * frames {@code [T, C, H, W]}, in two stages: a deterministic {@link #prepare} and a possibly random {@link #finish}.
 *
 * <p>{@code apply(d, rng) = finish(prepare(d), rng)}. The split exists so caches can keep the output of
 * {@code prepare} (or, when the pipeline is not random, the frames themselves) and never cache randomness.
 * {@link #key()} names every setting that changes the output; caches include it in their keys.
 *
 * @param <D> the decoded sample type
 */
public interface FramePipeline<D> {

    /** The deterministic part (e.g. denoise, downsample); returns the input when there is none. */
    D prepare(D decoded);

    /** The rest: random augmentation (using {@code rng}) and integration/encoding into frames. */
    Frames finish(D prepared, SplittableRandom rng);

    /** True when {@link #finish} uses {@code rng}, i.e. its frames must not be cached. */
    boolean isRandom();

    /** A stable text naming every setting that affects the frames (used in cache keys and provenance). */
    String key();

    /** The number of time steps every output has, or 0 when it depends on the sample. */
    int fixedSteps();

    default Frames apply(D decoded, SplittableRandom rng) {
        return finish(prepare(decoded), rng);
    }
}
