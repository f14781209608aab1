package org.dl4j.snn.examples.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dl4j.snn.examples.presets.NetworkOptions;
import org.dl4j.snn.examples.presets.Preset;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.JsonMappingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLFactory;

/**
 * The effective settings of one training run: the preset's defaults with the user's overrides applied. Written
 * as {@code config.json} next to every run's results, so a run can be reproduced and its provenance read; the same
 * keys are what {@code train --config FILE} reads (JSON, or YAML for {@code .yaml} / {@code .yml}).
 *
 * @param preset       preset name (network + dataset), e.g. {@code nmnist_mlp}
 * @param root         dataset folder (absolute)
 * @param steps        time steps T
 * @param epochs       training epochs
 * @param batch        mini-batch size
 * @param learningRate Adam learning rate
 * @param seed         seed of weights, data order, dropout and augmentation
 * @param width        channels of conv blocks / units of hidden layers
 * @param neuron       neuron variant: if, lif, plif, cuba
 * @param tau          (initial) membrane time constant
 * @param learnTheta   learn the threshold per neuron (STL-SNN / Rouser)
 * @param learnV0      learn the initial membrane potential per neuron (IMP-SNN)
 * @param surrogate    surrogate gradient name
 * @param alpha        surrogate sharpness
 * @param loss         sdt, tet, lstet, lts or rate
 * @param engine       fused or samediff (runtime of the SpikingDense layers)
 * @param threads      cores of the machine that trained (recorded, not a setting: ignored when read back)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunConfig(String preset, String root, int steps, int epochs, int batch, double learningRate, long seed,
                        int width, String neuron, double tau, boolean learnTheta, boolean learnV0, String surrogate,
                        double alpha, String loss, String engine, int threads) {

    /** The keys of a config file, in the order of {@code config.json}. */
    public static final List<String> KEYS = Stream.of(RunConfig.class.getRecordComponents())
            .map(c -> c.getName()).toList();

    /** Keys that may differ between a checkpoint's run and its {@code --resume}: more epochs, another machine. */
    public static final Set<String> RESUMABLE_CHANGES = Set.of("epochs", "threads");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Largest number of time steps T (the papers use at most a few hundred; 10,000 N-MNIST frames are 92 MB). */
    public static final int MAX_STEPS = 10_000;
    /** Largest width (units of a hidden layer, channels of a conv block). */
    public static final int MAX_WIDTH = 65_536;
    /** Largest mini-batch. */
    public static final int MAX_BATCH = 65_536;
    /** Largest number of epochs. */
    public static final int MAX_EPOCHS = 1_000_000;
    /** Largest learning rate (Adam). */
    public static final double MAX_LEARNING_RATE = 1.0;

    /** Checks the values a file or the flags can get wrong, naming the key. */
    public RunConfig {
        Objects.requireNonNull(preset, "RunConfig: preset is required");
        Objects.requireNonNull(root, "RunConfig: root is required");
        checkSettings("", steps, epochs, batch, width, learningRate, tau, alpha);
        if (!List.of("fused", "samediff").contains(engine)) {
            throw new IllegalArgumentException("engine must be fused or samediff, got " + engine);
        }
    }

    /**
     * Checks the numeric settings against their ranges: steps 1..{@value #MAX_STEPS}, epochs 1..{@value #MAX_EPOCHS},
     * batch 1..{@value #MAX_BATCH}, width 1..{@value #MAX_WIDTH}, learning rate finite in (0, 1], tau and alpha
     * finite and > 0.
     *
     * @param flagPrefix "" to name the config keys ({@code steps}), "--" to name the flags of {@code train}
     * @throws IllegalArgumentException naming the first key or flag out of range, with its range and value
     */
    public static void checkSettings(String flagPrefix, int steps, int epochs, int batch, int width,
                                     double learningRate, double tau, double alpha) {
        boolean flags = !flagPrefix.isEmpty();
        range(flags ? "-T" : "steps", steps, MAX_STEPS, "time steps");
        range(flags ? "--epochs" : "epochs", epochs, MAX_EPOCHS, "epochs");
        range(flags ? "--batch" : "batch", batch, MAX_BATCH, "samples per batch");
        range(flags ? "--width" : "width", width, MAX_WIDTH, "units or channels");
        if (!(learningRate > 0 && learningRate <= MAX_LEARNING_RATE)) {
            throw new IllegalArgumentException((flags ? "--lr" : "learningRate") + " must be a finite number in (0, "
                    + MAX_LEARNING_RATE + "] (Adam's learning rate, typically 1e-4 to 1e-2), got " + learningRate);
        }
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException((flags ? "--tau" : "tau") + " must be a finite number > 0, got " + tau);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException((flags ? "--alpha" : "alpha") + " must be a finite number > 0, got "
                    + alpha);
        }
    }

    private static void range(String name, int value, int max, String what) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be 1..%,d %s, got %,d", name, max,
                    what, value));
        }
    }

    /** The preset as an enum constant. */
    public Preset presetValue() {
        return Preset.of(preset);
    }

    /** The neuron, surrogate and loss choices of this run (validated when used). */
    public NetworkOptions networkOptions() {
        return new NetworkOptions(neuron, tau, learnTheta, learnV0, surrogate, alpha, loss, engine);
    }

    /** This config as a JSON tree (the keys of {@link #KEYS}). */
    public ObjectNode toTree() {
        return JSON.valueToTree(this);
    }

    /**
     * The settings that differ from {@code other} and that change what training computes (all but
     * {@link #RESUMABLE_CHANGES}), as {@code key: this -> other} lines; empty when a run with {@code other} may
     * continue this one's checkpoint.
     */
    public List<String> differencesThatMatter(RunConfig other) {
        ObjectNode a = toTree();
        ObjectNode b = other.toTree();
        List<String> diffs = new ArrayList<>();
        for (String key : KEYS) {
            if (!RESUMABLE_CHANGES.contains(key) && !a.get(key).equals(b.get(key))) {
                diffs.add(key + ": " + a.get(key) + " -> " + b.get(key));
            }
        }
        return diffs;
    }

    /** Writes this config as pretty JSON to {@code file}, atomically (parent folders are created). */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(this));
    }

    /** Reads a {@code config.json} as written by {@link #write}. */
    public static RunConfig read(Path file) throws IOException {
        return fromTree(readTree(file), file);
    }

    /**
     * The settings of a config file: a JSON object, or YAML when the name ends in {@code .yaml} / {@code .yml};
     * only the keys of {@link #KEYS} are allowed, and any subset of them.
     *
     * @throws IllegalArgumentException naming the file and the key for an unknown key or a file that is not an
     *                                  object of settings
     * @throws UncheckedIOException     naming the file when it cannot be read
     */
    public static ObjectNode readTree(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        JsonNode tree;
        try {
            tree = (yaml ? YAML : JSON).readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config file " + file + " is not valid " + (yaml ? "YAML" : "JSON")
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return JSON.createObjectNode();
        }
        if (!(tree instanceof ObjectNode o)) {
            throw new IllegalArgumentException("config file " + file + " must hold an object of settings (key: "
                    + "value), got " + tree.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("config file " + file + ": unknown key '" + key
                        + "'; the keys are " + String.join(", ", KEYS));
            }
        }
        return o;
    }

    /**
     * A config from a complete tree of settings (types checked strictly: no string for a number).
     *
     * @param source named in errors (the file the settings came from, or null)
     * @throws IllegalArgumentException naming the source and key of a missing or mistyped value
     */
    public static RunConfig fromTree(ObjectNode tree, Path source) {
        String where = source == null ? "settings" : "config file " + source;
        List<String> missing = KEYS.stream().filter(k -> !tree.has(k) || tree.get(k).isNull()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(where + ": missing " + String.join(", ", missing));
        }
        try {
            return JSON.treeToValue(tree, RunConfig.class);
        } catch (JsonMappingException e) {
            String key = e.getPath().stream().map(r -> r.getFieldName()).filter(Objects::nonNull)
                    .collect(Collectors.joining("."));
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
            throw new IllegalArgumentException(where + (key.isEmpty() ? "" : ": key '" + key + "'") + ": "
                    + (cause != null ? cause.getMessage() : e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": " + e.getOriginalMessage());
        }
    }

    /** The mapper of {@code config.json} and the run's other JSON files (strict: unknown properties fail). */
    public static ObjectMapper json() {
        return JSON;
    }
}
