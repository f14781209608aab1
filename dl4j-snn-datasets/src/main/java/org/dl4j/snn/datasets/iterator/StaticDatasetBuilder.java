package org.dl4j.snn.datasets.iterator;

import org.dl4j.snn.datasets.datavec.SampleSource;
import org.dl4j.snn.datasets.encode.DirectEncoder;
import org.dl4j.snn.datasets.encode.PoissonEncoder;
import org.dl4j.snn.datasets.encode.StaticEncoder;
import org.dl4j.snn.datasets.encode.StaticImage;
import org.dl4j.snn.datasets.encode.StaticPipeline;
import org.dl4j.snn.datasets.transform.FramePipeline;

/**
 * Options of a static-image dataset (MNIST, Fashion-MNIST, CIFAR-10): the encoder and the number of steps T, on
 * top of the shared {@link DatasetBuilder} options.
 *
 * <p>{@link #direct(int)} repeats the image every step (PLIF, IMP-SNN, TET); {@link #poisson(int)} draws
 * Bernoulli spikes per step (STL-SNN), seeded by the builder's seed.
 */
public final class StaticDatasetBuilder extends DatasetBuilder<StaticImage, StaticDatasetBuilder> {
    private StaticEncoder encoder;
    private int steps;

    public StaticDatasetBuilder(SampleSource<StaticImage> source, Layout defaultLayout) {
        super(source, defaultLayout);
    }

    /** The image as the input of every one of {@code steps} steps. */
    public StaticDatasetBuilder direct(int steps) {
        return encoder(new DirectEncoder(), steps);
    }

    /** Poisson rate coding over {@code steps} steps. */
    public StaticDatasetBuilder poisson(int steps) {
        return encoder(new PoissonEncoder(), steps);
    }

    public StaticDatasetBuilder encoder(StaticEncoder encoder, int steps) {
        if (encoder == null) {
            throw new IllegalArgumentException("encoder must not be null");
        }
        this.encoder = encoder;
        this.steps = steps;
        return this;
    }

    @Override
    protected FramePipeline<StaticImage> pipeline() {
        if (encoder == null) {
            throw new IllegalStateException("no encoder set: call direct(T) or poisson(T)");
        }
        return new StaticPipeline(encoder, steps);
    }
}
