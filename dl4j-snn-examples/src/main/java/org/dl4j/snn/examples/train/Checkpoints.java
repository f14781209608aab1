package org.dl4j.snn.examples.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.core.JsonProcessingException;

/**
 * The checkpoints of a run folder, one per completed epoch:
 * {@code checkpoints/epoch-NNNN.zip} (the DL4J model with its updater state and iteration / epoch counts) and
 * {@code checkpoint.json} (the {@link State}: which model file, the epoch, the metrics so far, the seed and the
 * config), both written atomically (see {@link AtomicFiles}). {@code checkpoint.json} is written last and is the
 * commit: it only ever names a complete model file, so a process killed at any point leaves the previous
 * checkpoint or the new one, never a mix. Older model files are deleted after the commit.
 */
public final class Checkpoints {
    /** The commit record in a run folder. */
    public static final String STATE_FILE = "checkpoint.json";
    /** The folder of model files in a run folder. */
    public static final String MODEL_FOLDER = "checkpoints";

    /**
     * What a checkpoint holds besides the model. Everything random in epoch {@code e} is a function of
     * {@code (seed, e)} (see {@link Trainer}), so the seed and the epoch are the whole generator / data-order state.
     *
     * @param epoch          epochs completed
     * @param model          the model file, relative to the run folder
     * @param seed           the run's seed (data order of epoch e: the permutation of (seed, e))
     * @param nd4jSeedNext   ND4J's generator seed when the next epoch starts ({@link Trainer#epochSeed})
     * @param iterations     DL4J's iteration count (Adam's step count) stored in the model
     * @param metrics        the completed epochs' numbers
     * @param config         the run's effective settings
     */
    public record State(int epoch, String model, long seed, long nd4jSeedNext, long iterations,
                        List<Trainer.EpochResult> metrics, RunConfig config) {}

    private final Path runFolder;

    public Checkpoints(Path runFolder) {
        this.runFolder = runFolder;
    }

    public Path runFolder() {
        return runFolder;
    }

    /** The commit record's path. */
    public Path stateFile() {
        return runFolder.resolve(STATE_FILE);
    }

    /**
     * Saves {@code model} (with its updater state) after epoch {@code metrics.size()} and commits it.
     *
     * @return the state written
     */
    public State save(Model model, List<Trainer.EpochResult> metrics, RunConfig config) throws IOException {
        int epoch = metrics.size();
        String rel = MODEL_FOLDER + "/" + String.format(Locale.ROOT, "epoch-%04d.zip", epoch);
        Path file = runFolder.resolve(rel);
        AtomicFiles.write(file, tmp -> ModelSerializer.writeModel(model, tmp.toFile(), true));
        long iterations = model instanceof MultiLayerNetwork m ? m.getIterationCount()
                : ((org.deeplearning4j.nn.graph.ComputationGraph) model).getIterationCount();
        State state = new State(epoch, rel, config.seed(), Trainer.epochSeed(config.seed(), epoch + 1), iterations,
                List.copyOf(metrics), config);
        AtomicFiles.writeString(stateFile(), RunConfig.json().writeValueAsString(state));
        try (DirectoryStream<Path> old = Files.newDirectoryStream(file.getParent(), "epoch-*.zip")) {
            for (Path p : old) {
                if (!p.getFileName().equals(file.getFileName())) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return state;
    }

    /**
     * The last committed checkpoint, or empty when the folder has none.
     *
     * @throws IllegalArgumentException naming the file when {@code checkpoint.json} is unreadable or names a
     *                                  missing model
     */
    public Optional<State> latest() throws IOException {
        Path f = stateFile();
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        State s;
        try {
            s = RunConfig.json().readValue(f.toFile(), State.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(f + " is not a checkpoint record: " + e.getOriginalMessage());
        }
        if (!Files.isRegularFile(runFolder.resolve(s.model()))) {
            throw new IllegalArgumentException(f + " names the model " + runFolder.resolve(s.model())
                    + ", which does not exist");
        }
        return Optional.of(s);
    }

    /** The network of {@code state}, with its updater state. */
    public MultiLayerNetwork restore(State state) throws IOException {
        return ModelSerializer.restoreMultiLayerNetwork(runFolder.resolve(state.model()).toFile(), true);
    }
}
