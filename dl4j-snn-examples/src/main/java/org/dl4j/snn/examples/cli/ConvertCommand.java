package org.dl4j.snn.examples.cli;

import org.dl4j.snn.examples.convert.ConversionData;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4j.snn.convert.AnnToSnn;
import org.dl4j.snn.convert.Calibration;
import org.dl4j.snn.convert.LayerScale;
import org.dl4j.snn.convert.ScaleRule;
import org.dl4j.snn.convert.SnnConversion;
import org.dl4j.snn.convert.SpikingAccuracy;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TetLoss;
import org.dl4j.snn.neuron.Scope;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convert}: turns a trained DL4J ANN saved with {@code ModelSerializer} into a spiking network
 * ({@link AnnToSnn}), prints its test accuracy after each T ({@code T=32 accuracy: 0.NNNN}) and one JSON line, and
 * saves it. {@code convert report} reproduces SpikingJelly's reference and writes the measurements as Markdown.
 */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = ConversionReportCommand.class,
        description = {"Convert a trained ANN (MultiLayerNetwork or ComputationGraph zip from ModelSerializer) into a"
                + " spiking network by rate coding with threshold balancing, print its accuracy per T and a JSON "
                + "line, and save it.",
                "Images are pixel/255 in [0, 1], as the ANN must have been trained on. With only a dataset's test "
                        + "files in --root, images 0..7999 calibrate and 8000.. test."})
public final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "ANN.zip", description = "The trained ANN (required).")
    Path model;

    @Option(names = "--preset", paramLabel = "DATASET",
            description = "Dataset: mnist, fashionmnist or cifar10 (required).")
    ConversionData.Dataset preset;

    @Option(names = "--root", paramLabel = "DIR", description = "Folder with the dataset's files (required).")
    Path root;

    @Option(names = {"-T", "--time-steps"}, split = ",", paramLabel = "T",
            description = "Time steps to report, comma-separated (default 8,16,32).")
    List<Integer> steps = new ArrayList<>(List.of(8, 16, 32));

    @Option(names = "--mode", defaultValue = "max", paramLabel = "MODE",
            description = "Scale rule: max, a percentile such as 99.9%%, or a fraction of the maximum such as 0.5 "
                    + "(SpikingJelly's modes; default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--statistics", defaultValue = "ema", paramLabel = "ema|exact",
            description = "ema: SpikingJelly's moving average over calibration batches; exact: over all values "
                    + "(default ${DEFAULT-VALUE}).")
    String statistics;

    @Option(names = "--scales", defaultValue = "layer", paramLabel = "layer|channel",
            description = "One scale per layer or per channel (default ${DEFAULT-VALUE}).")
    String scales;

    @Option(names = "--v0", defaultValue = "0", paramLabel = "FRACTION",
            description = "Initial membrane potential as a fraction of the threshold, e.g. 0.5 (default "
                    + "${DEFAULT-VALUE}).")
    double v0;

    @Option(names = "--calibration", defaultValue = "8000", paramLabel = "N",
            description = "Calibration images (default ${DEFAULT-VALUE}).")
    int calibration;

    @Option(names = "--batch", defaultValue = "100", paramLabel = "N",
            description = "Calibration and test batch size (default ${DEFAULT-VALUE}; SpikingJelly's scales depend on"
                    + " it).")
    int batch;

    @Option(names = "--test-limit", defaultValue = "0", paramLabel = "N",
            description = "Test only the first N test images (default: all).")
    int testLimit;

    @Option(names = "--fine-tune", defaultValue = "0", paramLabel = "EPOCHS",
            description = "Fine-tune with surrogate gradients for this many epochs over the calibration images at "
                    + "the smallest T (default ${DEFAULT-VALUE}).")
    int fineTune;

    @Option(names = "--loss", defaultValue = "sdt", paramLabel = "sdt|tet",
            description = "Fine-tuning loss (default ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Fine-tuning learning rate, Adam (default "
            + "${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the fine-tuning order (default "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", paramLabel = "SNN.zip",
            description = "Where to save the spiking network (with T = the largest -T; required).")
    Path output;

    @Override
    public Integer call() throws Exception {
        require(model, "--model");
        require(preset, "--preset");
        require(root, "--root");
        require(output, "--output");
        long start = System.nanoTime();
        int[] ts = steps.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        if (ts.length == 0 || ts[0] < 1) {
            throw new IllegalArgumentException("-T: time steps must be >= 1, got " + steps);
        }
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--model: no such file: " + model);
        }
        Model ann = restore(model.toFile());
        ConversionData data = ConversionData.load(preset, root, calibration, testLimit, batch, takesFlatInput(ann));
        System.err.println("dl4j-snn convert: " + data.description());
        double annAccuracy = annAccuracy(ann, data);

        int convertSteps = fineTune > 0 ? ts[0] : ts[ts.length - 1];
        AnnToSnn converter = AnnToSnn.builder().scaleRule(ScaleRule.parse(mode)).calibration(statistics())
                .scaleScope(scope()).initialPotential(v0).steps(convertSteps).updater(new Adam(lr))
                .loss(loss()).seed(seed).build();
        SnnConversion snn = ann instanceof ComputationGraph g
                ? converter.convert(g, ConversionData.iterator(data.calibration()))
                : converter.convert((MultiLayerNetwork) ann, ConversionData.iterator(data.calibration()));
        for (LayerScale s : snn.scales()) {
            System.err.println("  scale " + s.layer() + ": " + describe(s.lambda()));
        }
        if (fineTune > 0) {
            fineTune(snn.model(), data.calibration());
        }
        SpikingAccuracy acc = snn.evaluate(ConversionData.iterator(data.test()), ts);
        for (int t : ts) {
            System.out.printf(Locale.ROOT, "T=%d accuracy: %.4f%n", t, acc.accuracy(t));
        }
        Model saved = ts[ts.length - 1] == convertSteps ? snn.model() : withSteps(snn.model(), ts[ts.length - 1]);
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ModelSerializer.writeModel(saved, output.toFile(), true);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(json(annAccuracy, ts, acc, seconds, snn.calibrationSamples()));
        System.err.println("dl4j-snn convert: saved " + output + " (T=" + ts[ts.length - 1] + ")");
        return 0;
    }

    private void require(Object value, String option) {
        if (value == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '" + option + "'");
        }
    }

    private Calibration statistics() {
        return switch (statistics.toLowerCase(Locale.ROOT)) {
            case "ema" -> Calibration.EMA;
            case "exact" -> Calibration.EXACT;
            default -> throw new IllegalArgumentException("--statistics must be ema or exact, got " + statistics);
        };
    }

    private Scope scope() {
        return switch (scales.toLowerCase(Locale.ROOT)) {
            case "layer" -> Scope.LAYER;
            case "channel" -> Scope.CHANNEL;
            default -> throw new IllegalArgumentException("--scales must be layer or channel, got " + scales);
        };
    }

    private org.dl4j.snn.loss.TemporalLoss loss() {
        return switch (loss.toLowerCase(Locale.ROOT)) {
            case "sdt" -> new SdtLoss();
            case "tet" -> new TetLoss();
            default -> throw new IllegalArgumentException("--loss must be sdt or tet, got " + loss);
        };
    }

    private void fineTune(Model net, List<DataSet> batches) {
        for (int e = 0; e < fineTune; e++) {
            List<DataSet> order = new ArrayList<>(batches);
            Collections.shuffle(order, new Random(seed + e));
            if (net instanceof MultiLayerNetwork m) {
                m.fit(ConversionData.iterator(order));
            } else {
                ((ComputationGraph) net).fit(ConversionData.iterator(order));
            }
            System.err.printf(Locale.ROOT, "  fine-tune epoch %d: loss %.4f%n", e + 1, net.score());
        }
    }

    static Model withSteps(Model net, int steps) {
        return net instanceof MultiLayerNetwork m ? AnnToSnn.withSteps(m, steps)
                : AnnToSnn.withSteps((ComputationGraph) net, steps);
    }

    /** A MultiLayerNetwork or ComputationGraph zip written by ModelSerializer. */
    static Model restore(File file) throws IOException {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file, false);
        } catch (Exception notAList) {
            try {
                return ModelSerializer.restoreComputationGraph(file, false);
            } catch (Exception notAGraph) {
                throw new IllegalArgumentException("--model: " + file + " is neither a MultiLayerNetwork nor a "
                        + "ComputationGraph saved by ModelSerializer (" + notAList.getMessage() + ")");
            }
        }
    }

    /** Whether the ANN takes flat features [b, C*H*W] (a dense first layer, or convolutionalFlat input). */
    static boolean takesFlatInput(Model ann) {
        Layer first;
        InputPreProcessor p;
        if (ann instanceof MultiLayerNetwork m) {
            first = m.getLayerWiseConfigurations().getConf(0).getLayer();
            p = m.getLayerWiseConfigurations().getInputPreProcess(0);
        } else {
            ComputationGraph g = (ComputationGraph) ann;
            String name = java.util.Arrays.stream(g.topologicalSortOrder()).mapToObj(i -> g.getVertices()[i]
                    .getVertexName()).filter(n -> g.getConfiguration().getVertices().get(n) instanceof LayerVertex)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("--model: the graph has no layers"));
            LayerVertex v = (LayerVertex) g.getConfiguration().getVertices().get(name);
            first = v.getLayerConf().getLayer();
            p = v.getPreProcessor();
        }
        return p instanceof FeedForwardToCnnPreProcessor || (p == null && first instanceof DenseLayer);
    }

    private static double annAccuracy(Model ann, ConversionData data) {
        return ann instanceof MultiLayerNetwork m ? m.evaluate(ConversionData.iterator(data.test())).accuracy()
                : ((ComputationGraph) ann).evaluate(ConversionData.iterator(data.test())).accuracy();
    }

    private static String describe(float[] lambda) {
        if (lambda.length == 1) {
            return Float.toString(lambda[0]);
        }
        float min = Float.MAX_VALUE;
        float max = 0;
        for (float l : lambda) {
            min = Math.min(min, l);
            max = Math.max(max, l);
        }
        return lambda.length + " channels, " + min + " .. " + max;
    }

    private String json(double annAccuracy, int[] ts, SpikingAccuracy acc, double seconds, long calibrated) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "{\"ann_accuracy\":%.4f,\"snn_accuracy\":{", annAccuracy));
        for (int i = 0; i < ts.length; i++) {
            s.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "\"%d\":%.4f", ts[i], acc.accuracy(ts[i])));
        }
        s.append(String.format(Locale.ROOT, "},\"mode\":\"%s\",\"statistics\":\"%s\",\"scales\":\"%s\",\"v0\":%s,"
                        + "\"fine_tune_epochs\":%d,\"calibration\":%d,\"test\":%d,\"seconds\":%.1f}",
                ScaleRule.parse(mode).label(), statistics.toLowerCase(Locale.ROOT), scales.toLowerCase(Locale.ROOT),
                v0, fineTune, calibrated, acc.samples(), seconds));
        return s.toString();
    }
}
