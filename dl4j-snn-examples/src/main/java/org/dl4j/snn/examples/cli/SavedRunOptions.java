package org.dl4j.snn.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.examples.presets.Preset;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the commands that use a saved run ({@code evaluate}, {@code predict}, {@code plot raster}), as a
 * picocli mixin ({@code @Mixin SavedRunOptions saved;}): {@code --model}, and {@code --root}, {@code --preset},
 * {@code -T} and {@code --split}, which override the run's {@code config.json} (see {@link SavedRun}).
 */
final class SavedRunOptions {

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR_OR_ZIP",
            description = "A run folder (its model.zip, else its last checkpoint) or a model file.")
    Path model;

    @Option(names = "--root", description = "Dataset folder (default: the run's).")
    Path root;

    @Option(names = "--preset", description = "Preset of the data pipeline (default: the run's).")
    Preset preset;

    @Option(names = {"-T", "--time-steps"}, description = "Time steps (default: the run's).")
    Integer steps;

    @Option(names = "--split", defaultValue = "test", description = "train or test (default ${DEFAULT-VALUE}).")
    String split;

    @Mixin
    DataCheckOptions dataChecks = new DataCheckOptions();

    /** The run of {@code --model} with the overrides applied ({@link SavedRun#open}). */
    SavedRun open() throws IOException {
        return SavedRun.open(model, preset, root, steps, dataChecks.checks());
    }

    /**
     * The split named by {@code --split}.
     *
     * @throws IllegalArgumentException when it is none of train, valid, test
     */
    Split splitValue() {
        return switch (split.toLowerCase(Locale.ROOT)) {
            case "train" -> Split.TRAIN;
            case "test" -> Split.TEST;
            case "valid" -> Split.VALID;
            default -> throw new IllegalArgumentException("--split must be train, valid or test; got " + split);
        };
    }
}
