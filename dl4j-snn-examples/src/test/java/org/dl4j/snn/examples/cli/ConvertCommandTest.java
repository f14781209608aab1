package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4j.snn.convert.AnnToSnn;
import org.dl4j.snn.convert.SpikingAccuracy;
import org.dl4j.snn.examples.convert.ConversionData;
import org.dl4j.snn.examples.convert.ConversionExample;
import org.dl4j.snn.layers.preprocessor.DirectEncodingPreProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The README's conversion example (an ordinary DL4J CNN trained briefly on real MNIST digits, saved with
 * ModelSerializer, converted, fine-tuned), then {@code convert} on the saved ANN zip end to end.
 */
class ConvertCommandTest {
    @TempDir
    static Path dir;
    private static Path mnist;
    private static ConversionExample.Result example;

    @BeforeAll
    static void runExample() throws Exception {
        mnist = Path.of(System.getProperty("snn.shared.dir", "../../shared")).resolve("data/mnist-t10k");
        example = ConversionExample.run(mnist, 2000, 400, 3, dir.resolve("ann.zip"));
    }

    @Test
    void theExampleConvertsAndFineTunes() {
        assertThat(example.annAccuracy()).isGreaterThan(0.85);
        SpikingAccuracy converted = example.converted();
        assertThat(converted.samples()).isEqualTo(400);
        assertThat(converted.accuracy(32)).as("ANN %s, SNN %s, fine-tuned %s", example.annAccuracy(), converted,
                example.fineTuned()).isGreaterThan(example.annAccuracy() - 0.03);
        assertThat(converted.firingRates()).hasSize(2);
        assertThat(example.fineTuned().accuracy(8)).isGreaterThan(0.85);
        assertThat(dir.resolve("snn.zip")).isRegularFile();
    }

    @Test
    void convertsAUsersSavedCnn() throws Exception {
        Path out = dir.resolve("out/snn.zip");
        CliRun run = CliRun.of("convert", "--model", example.annFile().toString(), "--preset", "mnist", "--root",
                mnist.toString(), "-T", "4,16", "--mode", "99.9%", "--calibration", "1000", "--test-limit", "400",
                "--output", out.toString());
        assertThat(run.exitCode()).as(run.both()).isZero();
        List<String> lines = Arrays.asList(run.out().strip().split("\\R"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("T=4 accuracy: 0\\.\\d{4}");
        assertThat(lines.get(1)).matches("T=16 accuracy: 0\\.\\d{4}");
        JsonNode json = new ObjectMapper().readTree(lines.get(2));
        assertThat(json.get("ann_accuracy").asDouble()).isGreaterThan(0.85);
        assertThat(json.get("snn_accuracy").get("16").asDouble()).isGreaterThan(0.8);
        assertThat(json.get("mode").asText()).isEqualTo("p99.9");
        assertThat(json.get("calibration").asInt()).isEqualTo(1000);
        assertThat(json.get("test").asInt()).isEqualTo(400);
        assertThat(json.get("seconds").asDouble()).isPositive();
        assertThat(run.err()).contains("images 0..999 calibrate, 8000..8399 test");

        MultiLayerNetwork snn = ModelSerializer.restoreMultiLayerNetwork(out.toFile(), false);
        assertThat(snn.getLayerWiseConfigurations().getInputPreProcess(0))
                .isEqualTo(new DirectEncodingPreProcessor(16));
        ConversionData data = ConversionData.load(ConversionData.Dataset.MNIST, mnist, 100, 400, 100, false);
        SpikingAccuracy again = AnnToSnn.evaluate(snn, ConversionData.iterator(data.test()), 16);
        assertThat(again.accuracy(16)).isEqualTo(json.get("snn_accuracy").get("16").asDouble(),
                org.assertj.core.data.Offset.offset(0.00005));
    }

    @Test
    void convertsASavedComputationGraphOnFlatInput() throws Exception {
        ComputationGraph ann = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(2)
                .updater(new Adam(1e-3)).graphBuilder().addInputs("pixels")
                .addLayer("hidden", new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build(), "pixels")
                .addLayer("digit", new OutputLayer.Builder(LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("digit").setInputTypes(InputType.feedForward(784)).build());
        ann.init();
        ConversionData data = ConversionData.load(ConversionData.Dataset.MNIST, mnist, 1000, 100, 100, true);
        ann.fit(ConversionData.iterator(data.calibration()), 2);
        Path annFile = dir.resolve("graph.zip");
        ModelSerializer.writeModel(ann, annFile.toFile(), false);
        Path out = dir.resolve("graph-snn.zip");
        CliRun run = CliRun.of("convert", "--model", annFile.toString(), "--preset", "mnist", "--root",
                mnist.toString(), "-T", "8", "--calibration", "500", "--test-limit", "200", "--output",
                out.toString());
        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.out()).contains("T=8 accuracy: 0.");
        ComputationGraph snn = ModelSerializer.restoreComputationGraph(out.toFile(), false);
        assertThat(snn.getConfiguration().getNetworkInputs()).containsExactly("pixels");
        assertThat(snn.getConfiguration().getNetworkOutputs()).containsExactly("digit-loss");
    }

    @Test
    void missingOptionsAndBadModesAreOneLineErrors() throws Exception {
        CliRun noModel = CliRun.of("convert", "--preset", "mnist", "--root", mnist.toString(), "--output", "x.zip");
        assertThat(noModel.exitCode()).isEqualTo(2);
        assertThat(noModel.err()).contains("Missing required option: '--model'");
        Path notAModel = Files.writeString(dir.resolve("not-a-model.zip"), "hello");
        CliRun bad = CliRun.of("convert", "--model", notAModel.toString(), "--preset", "mnist", "--root",
                mnist.toString(), "--output", dir.resolve("y.zip").toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("is neither a MultiLayerNetwork nor a ComputationGraph");
        CliRun mode = CliRun.of("convert", "--model", example.annFile().toString(), "--preset", "mnist", "--root",
                mnist.toString(), "--mode", "most", "--output", dir.resolve("z.zip").toString());
        assertThat(mode.exitCode()).isEqualTo(1);
        assertThat(mode.err()).contains("expected max, a percentile such as 99.9%");
    }

    @Test
    void reportRunsOnAFewDigits() throws Exception {
        Path out = dir.resolve("report.md");
        Path shared = mnist.getParent().getParent();
        CliRun run = CliRun.of("convert", "report", "--reference", shared.resolve("ann2snn").toString(), "--root",
                mnist.toString(), "--models", "mlp", "-T", "8", "--low-latency-model", "none", "--test-limit", "100",
                "--output", out.toString());
        assertThat(run.exitCode()).as(run.both()).isZero();
        String md = Files.readString(out);
        assertThat(md).contains("### mlp, mode max").contains("| 0 (after `fc1`) | 5.463494 | 5.463494 | 0 ulp |");
    }
}
