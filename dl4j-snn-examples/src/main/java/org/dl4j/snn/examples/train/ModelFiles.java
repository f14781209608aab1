package org.dl4j.snn.examples.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4j.snn.datasets.format.IoErrors;

/** Loading the model files of runs and checkpoints with errors that name the file and say what is wrong with it. */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * The network saved in {@code zip} (with its updater state when {@code withUpdater}).
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or is not a DL4J model zip (damaged,
     *                                  truncated, another kind of file), with DL4J's or the file system's reason
     */
    public static MultiLayerNetwork restore(Path zip, boolean withUpdater) {
        if (Files.isRegularFile(zip) && !Files.isReadable(zip)) {
            throw new IllegalArgumentException(zip + ": cannot read the model file (permission denied)");
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), withUpdater);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(zip + ": not a readable dl4j-snn model (" + IoErrors.describe(e)
                    + "); the file is damaged, truncated or not a model written by dl4j-snn", e);
        }
    }
}
