package org.dl4j.snn.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.examples.data.BundledData;
import org.dl4j.snn.examples.data.DatasetName;
import org.dl4j.snn.examples.presets.Preset;
import org.dl4j.snn.examples.scaleout.ScaleOut;
import org.dl4j.snn.examples.scaleout.TrainingSession;
import org.dl4j.snn.examples.train.AtomicFiles;
import org.dl4j.snn.examples.train.Checkpoints;
import org.dl4j.snn.examples.train.MemoryEstimate;
import org.dl4j.snn.examples.train.MetricsCsv;
import org.dl4j.snn.examples.train.MonitorFiles;
import org.dl4j.snn.examples.train.RunConfig;
import org.dl4j.snn.examples.train.RunData;
import org.dl4j.snn.examples.train.StopSignal;
import org.dl4j.snn.examples.train.Trainer;
import org.dl4j.snn.examples.ui.TrainingUi;
import org.dl4j.snn.monitor.SpikeMonitor;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code train}: trains a preset network on a dataset folder, printing a progress bar, one summary line per epoch
 * and finally {@code test accuracy: 0.NNNN}. Defaults: the N-MNIST MLP preset on the bundled real N-MNIST sample.
 *
 * <p>Settings: the flags, or {@code --config FILE} (the keys of {@link RunConfig}, JSON or YAML) with the flags
 * given on the command line taking precedence. The run folder ({@code --output}) gets {@code config.json} (the
 * effective settings), {@code metrics.csv}, a checkpoint after every epoch ({@link Checkpoints}),
 * {@code spike-monitor.csv} / {@code .jsonl} and finally {@code model.zip}.
 *
 * <p>{@code --resume} continues the run folder's last checkpoint with its {@code config.json} (flags may raise
 * {@code --epochs}; any other change is refused) and gives the same parameters and metrics as an uninterrupted run.
 * Ctrl-C (SIGINT) or SIGTERM stop after the current batch: the interrupted epoch is dropped, the checkpoint of
 * the last completed epoch stays, and {@code --resume} redoes the interrupted epoch from it.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a preset spiking network; prints 'test accuracy: 0.NNNN' at the end.",
                "Settings come from the flags, or from --config FILE (JSON, or YAML for .yaml/.yml, with the keys of "
                        + "the run's config.json) overridden by the flags given. The run folder gets config.json, "
                        + "metrics.csv, checkpoint.json + checkpoints/ (every epoch), spike-monitor.csv and "
                        + "model.zip. Ctrl-C stops after the current batch; --resume continues the last checkpoint "
                        + "with identical results."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (JSON, or YAML for .yaml/.yml) "
            + "with the keys of config.json; flags given on the command line override it.")
    Path configFile;

    @Option(names = "--resume", description = "Continue the last checkpoint in --output with its config.json "
            + "(raise --epochs to train longer); identical to an uninterrupted run.")
    boolean resume;

    @Option(names = "--preset", defaultValue = "nmnist_mlp",
            description = "Network and dataset: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Preset preset = Preset.NMNIST_MLP;

    @Option(names = "--root", description = "Dataset folder as distributed, unpacked (default for nmnist: the "
            + "bundled sample dl4j-snn-examples/data/nmnist-small).")
    Path root;

    @Option(names = {"-T", "--time-steps"}, description = "Time steps / frames (default: the preset's).")
    Integer steps;

    @Option(names = "--epochs", defaultValue = "10", description = "Training epochs (default ${DEFAULT-VALUE}).")
    int epochs = 10;

    @Option(names = "--batch", defaultValue = "16", description = "Mini-batch size (default ${DEFAULT-VALUE}).")
    int batch = 16;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double learningRate = 1e-3;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of weights, data order and dropout (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--width", description = "Channels of conv blocks / units of hidden layers (default: the preset's).")
    Integer width;

    @Option(names = "--neuron", description = "if, lif, plif (learnable tau) or cuba (default: the preset's).")
    String neuron;

    @Option(names = "--tau", defaultValue = "2.0", description = "(Initial) membrane time constant (default ${DEFAULT-VALUE}).")
    double tau = 2.0;

    @Option(names = "--learn-theta", description = "Learn the threshold per neuron (STL-SNN / Rouser).")
    boolean learnTheta;

    @Option(names = "--learn-v0", description = "Learn the initial membrane potential per neuron (IMP-SNN).")
    boolean learnV0;

    @Option(names = "--surrogate", defaultValue = "atan",
            description = "atan, sigmoid, fastsigmoid, pwq, triangle, rect, slayer (default ${DEFAULT-VALUE}).")
    String surrogate = "atan";

    @Option(names = "--alpha", defaultValue = "2.0", description = "Surrogate sharpness (default ${DEFAULT-VALUE}).")
    double alpha = 2.0;

    @Option(names = "--loss", description = "sdt, tet, lstet, lts or rate (default: the preset's).")
    String loss;

    @Option(names = "--engine", defaultValue = "fused",
            description = "Runtime of the SpikingDense layers: fused or samediff (default ${DEFAULT-VALUE}).")
    String engine = "fused";

    @Option(names = "--output", defaultValue = "runs/latest",
            description = "Run folder for config.json, metrics, checkpoints and model.zip (default ${DEFAULT-VALUE}).")
    Path output = Path.of("runs/latest");

    @Option(names = "--no-progress", description = "No progress bar (the per-epoch lines stay).")
    boolean noProgress;

    @Mixin
    UiOptions ui = new UiOptions();

    @Mixin
    DataCheckOptions dataChecks = new DataCheckOptions();

    @Mixin
    ScaleOutOptions scaleOut = new ScaleOutOptions();

    /** The config key of each setting flag (the flags that are not settings: config, resume, output, ui...). */
    private static final Map<String, String> FLAG_OF_KEY = flags();

    private static Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("preset", "--preset");
        m.put("root", "--root");
        m.put("steps", "--time-steps");
        m.put("epochs", "--epochs");
        m.put("batch", "--batch");
        m.put("learningRate", "--lr");
        m.put("seed", "--seed");
        m.put("width", "--width");
        m.put("neuron", "--neuron");
        m.put("tau", "--tau");
        m.put("learnTheta", "--learn-theta");
        m.put("learnV0", "--learn-v0");
        m.put("surrogate", "--surrogate");
        m.put("alpha", "--alpha");
        m.put("loss", "--loss");
        m.put("engine", "--engine");
        return m;
    }

    @Override
    public Integer call() throws Exception {
        checkFlags();
        EventChecks checks = dataChecks.checks();
        ScaleOut how = scaleOut.scaleOut();
        how.requireAvailable();
        if (how.sparkMaster() != null && (ui.ui() || ui.statsFile() != null)) {
            throw new IllegalArgumentException("--ui and --stats-file are not available with --spark: training "
                    + "runs in the Spark executors, whose listeners the driver does not hear");
        }
        Checkpoints checkpoints = new Checkpoints(output);
        if (resume) {
            // Before the settings: their defaults (the bundled sample) must not be blamed for a missing checkpoint.
            requireCheckpoint(checkpoints);
            List<Path> leftovers = checkpoints.removeLeftovers();
            if (!leftovers.isEmpty()) {
                System.out.printf(Locale.ROOT, "removed %d temporary file(s) of an interrupted write: %s%n",
                        leftovers.size(), leftovers.stream().map(p -> p.getFileName().toString()).toList());
            }
        }
        RunConfig config = effectiveConfig();
        Checkpoints.State state = resume ? resumable(checkpoints, config) : null;
        if (state == null) {
            clearRunFolder();
        } else if (state.epoch() >= config.epochs()) {
            System.out.printf(Locale.ROOT, "%s: the checkpoint has %d of %d epochs; nothing to train (raise --epochs "
                    + "to continue)%n", output, state.epoch(), config.epochs());
            System.out.printf(Locale.ROOT, "test accuracy: %.4f%n",
                    state.metrics().get(state.metrics().size() - 1).testAccuracy());
            return 0;
        }
        config.write(output.resolve("config.json"));

        SnnDataSetIterator train = RunData.train(config, checks);
        SnnDataSetIterator test = RunData.test(config, checks);
        try {
            return train(config, checks, how, checkpoints, state, train, test);
        } finally {
            train.shutdown();
            test.shutdown();
        }
    }

    private int train(RunConfig config, EventChecks checks, ScaleOut how, Checkpoints checkpoints, Checkpoints.State state,
                      SnnDataSetIterator train, SnnDataSetIterator test) throws Exception {
        MultiLayerNetwork net;
        List<Trainer.EpochResult> previous;
        if (state == null) {
            MultiLayerConfiguration conf = RunData.network(config, train);
            checkMemory(MemoryEstimate.of(conf, train.featureShape(), config.batch()));
            net = new MultiLayerNetwork(conf);
            net.init();
            previous = List.of();
        } else {
            net = checkpoints.restore(state);
            previous = state.metrics();
            MetricsCsv.write(output.resolve(MetricsCsv.FILE), previous);
            MonitorFiles.keepEpochsBefore(output, state.epoch());
        }
        int trainSize = train.numExamples();
        System.out.printf(Locale.ROOT, "dl4j-snn train: preset %s, %d training samples from %s, T=%d, %d "
                + "parameters%s%s%n", config.preset(), trainSize, config.root(), config.steps(), net.numParams(),
                how.isScaledOut() ? ", " + how.describe() : "",
                state == null ? "" : ", resuming after epoch " + state.epoch() + " of " + output);
        // Firing rates, dead / saturated fractions and tau / theta / v0 per spiking layer and epoch, as
        // spike-monitor.csv / .jsonl next to the run's config, and to the UI / stats file when asked for.
        try (TrainingSession session = how.open(net, config, checks, System.out);
             TrainingUi trainingUi = ui.open(System.out);
             StopSignal stop = StopSignal.install(System.err)) {
            SpikeMonitor monitor = trainingUi.attach(net, SpikeMonitor.builder().runFolder(output, state != null));
            Trainer trainer = Trainer.builder(session.net()).out(System.out).progressBar(!noProgress)
                    .onEpochEnd(monitor::endEpoch).seed(config.seed()).stopWhen(stop)
                    .afterEpoch((r, all) -> {
                        checkpoints.save(net, all, config);
                        MetricsCsv.write(output.resolve(MetricsCsv.FILE), all);
                    }).build();
            Trainer.Outcome outcome = trainer.train(Trainer.EpochData.of(train), test, previous, config.epochs(),
                    trainSize);
            if (outcome.stopped()) {
                reportStop(outcome, stop, config);
                return stop.exitCode() == 0 ? 130 : stop.exitCode();
            }
            AtomicFiles.write(output.resolve("model.zip"), tmp -> net.save(tmp.toFile(), true));
            List<Trainer.EpochResult> results = outcome.epochs();
            System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", results.get(results.size() - 1).testAccuracy());
            System.out.flush();
            trainingUi.trainingDone(stop);
        }
        return 0;
    }

    /**
     * The setting flags given on the command line, in range (see {@link RunConfig#checkSettings}); values from a
     * config file are checked with their keys when the config is built.
     */
    private void checkFlags() {
        RunConfig.checkSettings("--", steps == null ? 1 : steps, epochs, batch, width == null ? 1 : width,
                learningRate, tau, alpha);
    }

    /** Refuses settings whose memory (a lower bound) exceeds what can be allocated, naming T, width and batch. */
    private static void checkMemory(MemoryEstimate need) {
        long budget = MemoryEstimate.budgetBytes();
        if (need.bytes() > budget) {
            throw new IllegalArgumentException("these settings need at least " + MemoryEstimate.size(need.bytes())
                    + " of memory to train (" + need.describe() + "), more than the "
                    + MemoryEstimate.size(budget) + " this process may allocate (physical memory, or JavaCPP's "
                    + "-Dorg.bytedeco.javacpp.maxbytes / maxphysicalbytes): lower --width, -T or --batch");
        }
    }

    private void reportStop(Trainer.Outcome outcome, StopSignal stop, RunConfig config) {
        int done = outcome.epochs().size();
        String why = stop.signalName() == null ? "stopped" : "interrupted (" + stop.signalName() + ")";
        String where = outcome.batchesDone() == 0 ? "before epoch " + outcome.stoppedEpoch()
                : "in epoch " + outcome.stoppedEpoch() + " after " + outcome.batchesDone() + " batches";
        if (done == 0) {
            System.out.printf(Locale.ROOT, "%s %s: no epoch completed, so there is no checkpoint to resume; "
                    + "start the run again.%n", why, where);
        } else {
            System.out.printf(Locale.ROOT, "%s %s: that epoch is dropped; the checkpoint of epoch %d in %s is "
                    + "complete. Continue (redoing epoch %d) with: dl4j-snn train --resume --output %s%n",
                    why, where, done, output, done + 1, output);
        }
        System.out.flush();
    }

    /** Refuses {@code --resume} on a folder without a checkpoint, naming the folder. */
    private void requireCheckpoint(Checkpoints checkpoints) throws IOException {
        if (checkpoints.latest().isEmpty()) {
            throw new IllegalArgumentException("--resume: " + output.toAbsolutePath().normalize() + " has no "
                    + "checkpoint (" + (Files.isDirectory(output) ? "no " + Checkpoints.STATE_FILE + ", which is "
                    + "written after each completed epoch" : "the folder does not exist") + "); give the --output of "
                    + "an earlier run, or train without --resume first");
        }
    }

    /** The checkpoint to resume, after checking that the settings may continue it. */
    private Checkpoints.State resumable(Checkpoints checkpoints, RunConfig config) throws IOException {
        Checkpoints.State state = checkpoints.latest().orElseThrow(() -> new IllegalArgumentException(
                "--resume: " + output + " has no checkpoint (" + Checkpoints.STATE_FILE + " is written after each "
                        + "completed epoch); train without --resume first"));
        List<String> diffs = state.config().differencesThatMatter(config);
        if (!diffs.isEmpty()) {
            throw new IllegalArgumentException("--resume: these settings differ from the checkpoint's run in "
                    + output + " (checkpoint -> now): " + String.join("; ", diffs) + ". Only --epochs may change; "
                    + "start a new run with another --output to change the others");
        }
        return state;
    }

    /** A new run: nothing of an earlier run in the same folder may look like a checkpoint of this one. */
    private void clearRunFolder() throws IOException {
        Files.deleteIfExists(output.resolve(Checkpoints.STATE_FILE));
        Files.deleteIfExists(output.resolve(MetricsCsv.FILE));
        Path models = output.resolve(Checkpoints.MODEL_FOLDER);
        if (Files.isDirectory(models)) {
            try (var files = Files.list(models)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * The run's settings: for each key the flag when given on the command line, else the config file's value
     * ({@code --config}, or the run folder's {@code config.json} with {@code --resume}), else the flag's default or
     * the preset's.
     */
    RunConfig effectiveConfig() {
        ObjectNode file = configFile != null ? RunConfig.readTree(configFile)
                : resume && Files.isRegularFile(output.resolve("config.json"))
                        ? RunConfig.readTree(output.resolve("config.json")) : null;
        Map<String, Object> flags = flagValues();
        ObjectNode merged = RunConfig.json().createObjectNode();
        for (Map.Entry<String, String> e : FLAG_OF_KEY.entrySet()) {
            String key = e.getKey();
            Object flag = flags.get(key);
            if (explicit(e.getValue()) || file == null || !file.has(key) || file.get(key).isNull()) {
                if (flag != null) {
                    merged.putPOJO(key, flag);
                }
            } else {
                merged.set(key, file.get(key));
            }
        }
        Path source = configFile != null ? configFile : file != null ? output.resolve("config.json") : null;
        Preset p;
        try {
            p = Preset.of(merged.get("preset").asText());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException((source == null ? "" : source + ": ") + ex.getMessage());
        }
        merged.put("preset", p.cliName());
        Path dataRoot = merged.has("root") ? Path.of(merged.get("root").asText()) : defaultRoot(p);
        merged.put("root", dataRoot.toAbsolutePath().normalize().toString());
        if (!merged.has("steps")) merged.put("steps", p.defaultSteps());
        if (!merged.has("width")) merged.put("width", p.defaultWidth());
        if (!merged.has("neuron")) merged.put("neuron", p.defaultNeuron());
        if (!merged.has("loss")) merged.put("loss", p.defaultLoss());
        merged.put("threads", Runtime.getRuntime().availableProcessors());
        ObjectNode typed = RunConfig.json().valueToTree(merged);
        RunConfig config = RunConfig.fromTree(typed, source);
        config.networkOptions().spikingNeuron();
        config.networkOptions().temporalLoss();
        config.networkOptions().engineValue();
        return config;
    }

    /** The setting flags' current values (their defaults when not given), by config key. */
    private Map<String, Object> flagValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", preset == null ? null : preset.cliName());
        m.put("root", root == null ? null : root.toString());
        m.put("steps", steps);
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("learningRate", learningRate);
        m.put("seed", seed);
        m.put("width", width);
        m.put("neuron", neuron);
        m.put("tau", tau);
        m.put("learnTheta", learnTheta);
        m.put("learnV0", learnV0);
        m.put("surrogate", surrogate);
        m.put("alpha", alpha);
        m.put("loss", loss);
        m.put("engine", engine);
        return m;
    }

    /** Whether {@code flag} was given on the command line (false when run without picocli, e.g. from SnnCli). */
    private boolean explicit(String flag) {
        if (spec == null) {
            return false;
        }
        ParseResult pr = spec.commandLine().getParseResult();
        return pr != null && pr.hasMatchedOption(flag);
    }

    private static Path defaultRoot(Preset p) {
        if (p.dataset() != DatasetName.NMNIST) {
            throw new IllegalArgumentException("--root is required for preset " + p.cliName()
                    + " (only N-MNIST has a bundled sample)");
        }
        return BundledData.nmnistSample();
    }
}
