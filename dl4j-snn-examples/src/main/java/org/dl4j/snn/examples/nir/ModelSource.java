package org.dl4j.snn.examples.nir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4j.snn.examples.train.Checkpoints;
import org.dl4j.snn.examples.train.RunConfig;
import org.dl4j.snn.nir.NirImport;
import org.dl4j.snn.nir.NirModel;

/**
 * A model as the nir and energy commands take it: a {@code .nir} file (imported), a run folder ({@code model.zip},
 * else its last checkpoint) or a model zip (MultiLayerNetwork or ComputationGraph).
 *
 * @param model     the network with NIR's time-major run
 * @param runFolder the run folder (for its config.json), or null
 * @param isNir     whether it came from a NIR file
 */
public record ModelSource(NirModel model, Path runFolder, boolean isNir) {

    public static ModelSource open(Path path, Double dt) throws IOException {
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".nir")) {
            NirImport.Options o = NirImport.Options.defaults();
            if (dt != null) o = o.withDt(dt);
            return new ModelSource(NirImport.read(path, o), null, true);
        }
        Path zip;
        Path run = null;
        if (Files.isDirectory(path)) {
            run = path;
            if (Files.isRegularFile(path.resolve("model.zip"))) {
                zip = path.resolve("model.zip");
            } else {
                Optional<Checkpoints.State> cp = new Checkpoints(path).latest();
                if (cp.isEmpty()) {
                    throw new IllegalArgumentException("--model " + path + ": the folder has neither model.zip nor a"
                            + " checkpoint");
                }
                zip = path.resolve(cp.get().model());
            }
        } else if (Files.isRegularFile(path)) {
            zip = path;
            Path dir = path.toAbsolutePath().getParent();
            if (dir != null && Files.isRegularFile(dir.resolve("config.json"))) run = dir;
        } else {
            throw new IllegalArgumentException("--model " + path + " does not exist (give a .nir file, a run folder or"
                    + " a model zip)");
        }
        return new ModelSource(NirModel.of(restore(zip)), run, false);
    }

    /** A MultiLayerNetwork or ComputationGraph zip written by ModelSerializer. */
    static Model restore(Path zip) throws IOException {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
        } catch (RuntimeException | IOException notMln) {
            try {
                return ModelSerializer.restoreComputationGraph(zip.toFile(), false);
            } catch (RuntimeException | IOException notCg) {
                throw new IllegalArgumentException(zip + ": not a DL4J model zip (" + notMln.getMessage() + ")");
            }
        }
    }

    /** The run's config.json, if the model came from a run folder. */
    public Optional<RunConfig> config() throws IOException {
        if (runFolder == null || !Files.isRegularFile(runFolder.resolve("config.json"))) return Optional.empty();
        return Optional.of(RunConfig.read(runFolder.resolve("config.json")));
    }
}
