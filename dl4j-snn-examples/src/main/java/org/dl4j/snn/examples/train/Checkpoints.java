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
     * @throws IllegalArgumentException naming the file and the field when {@code checkpoint.json} is unreadable, holds
     *                                  impossible values (an epoch below 1, metrics of another number of epochs, a
     *                                  negative iteration count, a model outside {@code checkpoints/}) or names a
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
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(f + " is not a checkpoint record: " + e.getMessage(), e);
        }
        if (s == null || s.model() == null || s.config() == null || s.metrics() == null) {
            throw new IllegalArgumentException(f + " is not a checkpoint record: 'model', 'config' and 'metrics' are "
                    + "required");
        }
        if (s.epoch() < 1) {
            throw new IllegalArgumentException(f + ": \"epoch\": " + s.epoch() + " is not a number of completed epochs "
                    + "(expected >= 1; the file was edited or damaged)");
        }
        if (s.metrics().size() != s.epoch()) {
            throw new IllegalArgumentException(f + ": \"epoch\": " + s.epoch() + " but \"metrics\" holds "
                    + s.metrics().size() + " epoch(s) (expected one per completed epoch)");
        }
        if (s.iterations() < 0) {
            throw new IllegalArgumentException(f + ": \"iterations\": " + s.iterations() + " is negative");
        }
        Path model = runFolder.resolve(s.model()).normalize();
        if (!model.startsWith(runFolder.resolve(MODEL_FOLDER).normalize())) {
            throw new IllegalArgumentException(f + ": \"model\": " + s.model() + " is not a file in " + MODEL_FOLDER
                    + "/");
        }
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException(f + " names the model " + model + ", which does not exist");
        }
        return Optional.of(s);
    }

    /** The network of {@code state}, with its updater state. */
    public MultiLayerNetwork restore(State state) throws IOException {
        return ModelFiles.restore(runFolder.resolve(state.model()), true);
    }

    /**
     * Deletes the temporary files that a process killed during an atomic write leaves in the run folder and in
     * {@code checkpoints/} ({@code .epoch-0003.zip.123456.tmp}, {@code .checkpoint.json.789.tmp}, ...).
     *
     * @return the files deleted
     */
    public List<Path> removeLeftovers() throws IOException {
        List<Path> removed = new java.util.ArrayList<>();
        for (Path dir : List.of(runFolder, runFolder.resolve(MODEL_FOLDER))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, p -> AtomicFiles.isLeftover(p))) {
                for (Path p : tmp) {
                    Files.deleteIfExists(p);
                    removed.add(p);
                }
            }
        }
        return removed;
    }
}
