package org.dl4j.snn.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.datavec.FrameDataset;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.datasets.datavec.SampleSource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.examples.data.SubsetSource;
import org.dl4j.snn.examples.presets.Preset;
import org.dl4j.snn.examples.train.Checkpoints;
import org.dl4j.snn.examples.train.ModelFiles;
import org.dl4j.snn.examples.train.RunConfig;
import org.dl4j.snn.examples.train.RunData;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * A trained model as the commands that use one ({@code evaluate}, {@code predict}, {@code plot raster}) find it:
 * {@code --model} is a run folder ({@code model.zip}, else its last checkpoint) or a model file; the run's
 * {@code config.json} (beside the file, or in the run folder above {@code checkpoints/}) gives the preset, T and
 * batch, so the model sees its data as in training. {@code --preset}, {@code --root} and {@code -T} override it
 * and are required where there is no {@code config.json}.
 *
 * @param model  the model file
 * @param config the data settings: the run's config with the overrides applied
 * @param checks the event readers' timestamp checks ({@code --bad-timestamps}, {@code --max-duration})
 */
record SavedRun(Path model, RunConfig config, EventChecks checks) {

    /**
     * @throws IllegalArgumentException naming the path when there is no model there, or naming the missing option
     *                                  when there is no config.json to read it from
     */
    static SavedRun open(Path path, Preset preset, Path root, Integer steps, EventChecks checks) throws IOException {
        if (steps != null && (steps < 1 || steps > RunConfig.MAX_STEPS)) {
            throw new IllegalArgumentException("-T must be 1.." + RunConfig.MAX_STEPS + " time steps, got " + steps);
        }
        Path model;
        Path runFolder;
        if (Files.isDirectory(path)) {
            runFolder = path;
            if (Files.isRegularFile(path.resolve("model.zip"))) {
                model = path.resolve("model.zip");
            } else {
                Optional<Checkpoints.State> cp = new Checkpoints(path).latest();
                if (cp.isEmpty()) {
                    throw new IllegalArgumentException("--model " + path + ": the folder has neither model.zip nor a "
                            + "checkpoint (" + Checkpoints.STATE_FILE + ")");
                }
                model = path.resolve(cp.get().model());
            }
        } else if (Files.isRegularFile(path)) {
            model = path;
            Path dir = path.toAbsolutePath().getParent();
            runFolder = Files.isRegularFile(dir.resolve("config.json")) || dir.getParent() == null ? dir
                    : dir.getParent();
        } else {
            throw new IllegalArgumentException("--model " + path + " does not exist (give a run folder or a model "
                    + "file such as runs/latest/model.zip)");
        }
        Path configFile = runFolder.resolve("config.json");
        RunConfig base = Files.isRegularFile(configFile) ? RunConfig.read(configFile) : null;
        if (base == null && (preset == null || root == null)) {
            throw new IllegalArgumentException("--model " + path + ": no config.json in " + runFolder
                    + " to read the preset and dataset from; give --preset and --root");
        }
        Preset p = preset != null ? preset : base.presetValue();
        String dataRoot = root != null ? root.toAbsolutePath().normalize().toString() : base.root();
        int t = steps != null ? steps : base != null && p.cliName().equals(base.preset()) ? base.steps()
                : p.defaultSteps();
        RunConfig c = base != null
                ? new RunConfig(p.cliName(), dataRoot, t, base.epochs(), base.batch(), base.learningRate(),
                        base.seed(), base.width(), base.neuron(), base.tau(), base.learnTheta(), base.learnV0(),
                        base.surrogate(), base.alpha(), base.loss(), base.engine(), base.threads())
                : new RunConfig(p.cliName(), dataRoot, t, 1, 16, 1e-3, 42, p.defaultWidth(), p.defaultNeuron(), 2.0,
                        false, false, "atan", 2.0, p.defaultLoss(), "fused", 1);
        return new SavedRun(model, c, checks);
    }

    /** The network, for inference. */
    MultiLayerNetwork network() {
        return ModelFiles.restore(model, false);
    }

    /** The prediction rule of the network's loss (mean over time, last step, votes). */
    static SnnEvaluation.Rule rule(MultiLayerNetwork net) {
        var layer = net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
        if (layer instanceof TemporalLossLayer t && t.getLossFn() != null) {
            return SnnEvaluation.Rule.of(t.getLossFn());
        }
        throw new IllegalArgumentException("the model's output layer is " + layer.getClass().getSimpleName()
                + ", not a TemporalLossLayer: not a dl4j-snn classifier");
    }

    /** The predicted class of every sample of a batch. */
    static int[] predict(MultiLayerNetwork net, SnnEvaluation.Rule rule, DataSet batch) {
        INDArray out = net.output(batch.getFeatures(), false, batch.getFeaturesMaskArray(), null);
        INDArray scores = SnnEvaluation.classScores(out, batch.getFeaturesMaskArray(), rule);
        return scores.argMax(1).toIntVector();
    }

    /** The samples of {@code split} in file order, all of them. */
    SnnDataSetIterator data(Split split) {
        return RunData.builder(config, split, checks).baseIterator();
    }

    /** The samples of {@code split} in file order whose index passes {@code keep}, stopping after {@code limit}. */
    SnnDataSetIterator data(Split split, IntPredicate keep, int limit) {
        FrameDataset<?> all = RunData.builder(config, split, checks).dataset();
        return subset(all, keep, limit, config);
    }

    private static <D> SnnDataSetIterator subset(FrameDataset<D> all, IntPredicate keep, int limit, RunConfig c) {
        int[] idx = IntStream.range(0, all.size()).filter(keep).limit(limit).toArray();
        SampleSource<D> sub = new SubsetSource<>(all.source(), idx);
        FrameDataset<D> ds = new FrameDataset<>(sub, all.pipeline(), false, null, all.policy());
        Layout layout = c.presetValue().isConv() ? Layout.CONV : Layout.DENSE;
        return new SnnDataSetIterator(ds, c.batch(), layout, false, c.seed(), 1);
    }
}
