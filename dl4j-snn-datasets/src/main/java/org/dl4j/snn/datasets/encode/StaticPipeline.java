package org.dl4j.snn.datasets.encode;

import org.dl4j.snn.datasets.transform.FramePipeline;
import org.dl4j.snn.datasets.transform.Frames;

import java.util.SplittableRandom;

/**
 * A static image's path to frames: {@code frames = encoder(image, T)}, {@code [T, C, H, W]}.
 *
 * <p>No deterministic preparation ({@link #prepare} returns the image); the encoder runs in {@link #finish}.
 */
public record StaticPipeline(StaticEncoder encoder, int steps) implements FramePipeline<StaticImage> {

    public StaticPipeline {
        if (encoder == null) {
            throw new IllegalArgumentException("a static pipeline needs an encoder");
        }
        DirectEncoder.checkSteps(steps);
    }

    public static StaticPipeline direct(int steps) {
        return new StaticPipeline(new DirectEncoder(), steps);
    }

    public static StaticPipeline poisson(int steps) {
        return new StaticPipeline(new PoissonEncoder(), steps);
    }

    @Override
    public StaticImage prepare(StaticImage decoded) {
        return decoded;
    }

    @Override
    public Frames finish(StaticImage prepared, SplittableRandom rng) {
        return encoder.encode(prepared, steps, rng);
    }

    @Override
    public boolean isRandom() {
        return encoder.isRandom();
    }

    @Override
    public int fixedSteps() {
        return steps;
    }

    @Override
    public String key() {
        return "StaticPipeline[" + encoder.key() + ",T=" + steps + "]";
    }
}
