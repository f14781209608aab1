package org.dl4j.snn.examples.train;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.datasets.iterator.DatasetBuilder;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.examples.presets.Preset;

/**
 * The data and the network of a run, from its {@link RunConfig}: what {@code train}, {@code evaluate},
 * {@code predict} and {@code plot raster} share, so that a saved model always sees its data as in training.
 */
public final class RunData {
    private RunData() {
    }

    /** The split's frames in the preset's layout at T = {@code config.steps()}, batched as in training. */
    public static DatasetBuilder<?, ?> builder(RunConfig config, Split split) {
        return builder(config, split, EventChecks.defaults());
    }

    /** {@link #builder(RunConfig, Split)} with the readers' timestamp checks (event datasets only). */
    public static DatasetBuilder<?, ?> builder(RunConfig config, Split split, EventChecks checks) {
        Preset preset = config.presetValue();
        DatasetBuilder<?, ?> b = preset.data(Path.of(config.root()), split, config.steps()).batch(config.batch())
                .seed(config.seed());
        if (b instanceof EventDatasetBuilder e && !checks.equals(EventChecks.defaults())) {
            e.checks(checks);
        }
        return b;
    }

    /**
     * The training batches: shuffled, epoch {@code e} in the permutation of {@code (seed, e)}
     * (see {@link Trainer.EpochData#of}).
     */
    public static SnnDataSetIterator train(RunConfig config) {
        return train(config, EventChecks.defaults());
    }

    /** {@link #train(RunConfig)} with the readers' timestamp checks. */
    public static SnnDataSetIterator train(RunConfig config, EventChecks checks) {
        return builder(config, Split.TRAIN, checks).shuffle(config.seed()).baseIterator();
    }

    /** The test batches in file order. */
    public static SnnDataSetIterator test(RunConfig config) {
        return test(config, EventChecks.defaults());
    }

    /** {@link #test(RunConfig)} with the readers' timestamp checks. */
    public static SnnDataSetIterator test(RunConfig config, EventChecks checks) {
        return builder(config, Split.TEST, checks).baseIterator();
    }

    /**
     * The preset's network for the frames of {@code data} (shape and classes read from its first sample) with the
     * run's width, neuron, loss, seed and learning rate.
     */
    public static MultiLayerConfiguration network(RunConfig config, SnnDataSetIterator data) {
        long[] shape = data.featureShape();
        int channels = (int) shape[1];
        int height = shape.length == 5 ? (int) shape[3] : 1;
        int width = shape.length == 5 ? (int) shape[4] : 1;
        return config.presetValue().network(channels, height, width, data.totalOutcomes(), config.steps(),
                config.width(), config.networkOptions(), config.seed(), config.learningRate());
    }
}
