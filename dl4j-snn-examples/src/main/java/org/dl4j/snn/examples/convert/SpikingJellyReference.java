package org.dl4j.snn.examples.convert;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * SpikingJelly's ann2snn reference ({@code ../shared/ann2snn}, see its FORMAT.md): the trained PyTorch MLP and CNN as
 * equivalent DL4J networks, and SpikingJelly's scales, accuracies and per-digit predictions per mode and T.
 * {@code Linear.weight [out, in]} becomes DL4J's {@code W [in, out]}; Conv2d weights keep their
 * {@code [out, in, kH, kW]} layout; BatchNorm2d becomes {@code BatchNormalization} with the variance stored as is
 * ({@code useLogStd(false)}, eps 1e-5).
 */
public final class SpikingJellyReference {
    /** The T values SpikingJelly was run at. */
    public static final int[] STEPS = {8, 16, 32, 64, 128};
    /** SpikingJelly's mode names in the reference files, in its order. */
    public static final List<String> MODES = List.of("max", "p99.9", "0.5max");

    private final Path dir;
    private final JsonNode reference;
    private final Map<String, INDArray> preds;

    private SpikingJellyReference(Path dir) {
        this.dir = dir;
        try {
            this.reference = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
            this.preds = Nd4j.createFromNpzFile(dir.resolve("reference_preds.npz").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SpikingJelly reference in " + dir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + dir.resolve("reference_preds.npz"), e);
        }
    }

    /** The reference in {@code dir} (reference.json, reference_preds.npz, mlp.npz, cnn.npz). */
    public static SpikingJellyReference load(Path dir) {
        if (!Files.isRegularFile(dir.resolve("reference.json"))) {
            throw new IllegalArgumentException("no SpikingJelly ann2snn reference in " + dir
                    + " (expected reference.json, reference_preds.npz, mlp.npz, cnn.npz)");
        }
        return new SpikingJellyReference(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The trained ANN "mlp" or "cnn" as a DL4J network (softmax output). */
    public MultiLayerNetwork ann(String model) {
        Map<String, INDArray> p;
        try {
            p = Nd4j.createFromNpzFile(new File(dir.toFile(), model + ".npz"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + dir.resolve(model + ".npz"), e);
        }
        return switch (model) {
            case "mlp" -> mlp(p);
            case "cnn" -> cnn(p);
            default -> throw new IllegalArgumentException("unknown reference model " + model + " (mlp or cnn)");
        };
    }

    private static MultiLayerNetwork mlp(Map<String, INDArray> p) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).name("fc1").build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).name("fc2").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).name("fc3").build())
                .setInputType(InputType.feedForward(784)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        linear(net, 0, p, "fc1");
        linear(net, 1, p, "fc2");
        linear(net, 2, p, "fc3");
        return net;
    }

    private static MultiLayerNetwork cnn(Map<String, INDArray> p) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).padding(1, 1).activation(Activation.IDENTITY)
                        .name("conv1").build())
                .layer(new BatchNormalization.Builder().useLogStd(false).eps(1e-5).name("bn1").build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).name("relu1").build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).name("pool1")
                        .build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).padding(1, 1).activation(Activation.IDENTITY)
                        .name("conv2").build())
                .layer(new BatchNormalization.Builder().useLogStd(false).eps(1e-5).name("bn2").build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).name("relu2").build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).name("pool2")
                        .build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).name("fc1").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).name("fc2").build())
                .setInputType(InputType.convolutional(28, 28, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        conv(net, 0, p, "conv1");
        batchNorm(net, 1, p, "bn1");
        conv(net, 4, p, "conv2");
        batchNorm(net, 5, p, "bn2");
        linear(net, 8, p, "fc1");
        linear(net, 9, p, "fc2");
        return net;
    }

    private static INDArray get(Map<String, INDArray> p, String key) {
        INDArray a = p.get(key);
        if (a == null) {
            throw new IllegalArgumentException("reference model has no \"" + key + "\" (keys " + p.keySet() + ")");
        }
        return a;
    }

    private static void linear(MultiLayerNetwork net, int i, Map<String, INDArray> p, String name) {
        net.getLayer(i).getParam("W").assign(get(p, name + ".weight").transpose());
        net.getLayer(i).getParam("b").assign(get(p, name + ".bias").reshape(1, -1));
    }

    private static void conv(MultiLayerNetwork net, int i, Map<String, INDArray> p, String name) {
        net.getLayer(i).getParam("W").assign(get(p, name + ".weight"));
        net.getLayer(i).getParam("b").assign(get(p, name + ".bias").reshape(1, -1));
    }

    private static void batchNorm(MultiLayerNetwork net, int i, Map<String, INDArray> p, String name) {
        net.getLayer(i).getParam("gamma").assign(get(p, name + ".weight").reshape(1, -1));
        net.getLayer(i).getParam("beta").assign(get(p, name + ".bias").reshape(1, -1));
        net.getLayer(i).getParam("mean").assign(get(p, name + ".running_mean").reshape(1, -1));
        net.getLayer(i).getParam("var").assign(get(p, name + ".running_var").reshape(1, -1));
    }

    /** The ANN's logits on the test split, [2000, 10]. */
    public INDArray annLogits(String model) {
        return preds.get(model + ".ann_logits_test");
    }

    /** Test labels, [2000]. */
    public int[] testLabels() {
        return preds.get("labels_test").castTo(DataType.INT).toIntVector();
    }

    /** SpikingJelly's BN-fused convolution parameters (cnn only), e.g. "conv1.weight". */
    public INDArray fused(String key) {
        return preds.get("cnn.sj_fused." + key);
    }

    /** SpikingJelly's test accuracy of the ANN. */
    public double annAccuracy(String model) {
        return reference.get("models").get(model).get("ann_test_acc").asDouble();
    }

    /** SpikingJelly's lambda per IF layer for a model and mode ("max", "p99.9", "0.5max"). */
    public float[] lambdas(String model, String mode) {
        List<Float> out = new ArrayList<>();
        for (JsonNode s : mode(model, mode).get("scales")) {
            out.add((float) s.get("scaler1_lambda").asDouble());
        }
        float[] r = new float[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = out.get(i);
        }
        return r;
    }

    /** SpikingJelly's accuracy per T. */
    public Map<Integer, Double> accuracy(String model, String mode) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        mode(model, mode).get("acc_at_T").fields().forEachRemaining(e -> out.put(Integer.parseInt(e.getKey()),
                e.getValue().asDouble()));
        return out;
    }

    /** SpikingJelly's firing rate per IF layer over the first 32 steps. */
    public double[] rates(String model, String mode) {
        List<Double> out = new ArrayList<>();
        mode(model, mode).get("firing_rates_first_32_steps").fields()
                .forEachRemaining(e -> out.add(e.getValue().get("rate").asDouble()));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** SpikingJelly's predicted class per test digit at T = {@link #STEPS}[i], [5][2000]. */
    public int[][] predictions(String model, String mode) {
        INDArray a = preds.get(model + "." + mode + ".snn_pred_test").castTo(DataType.INT);
        int[][] out = new int[(int) a.size(0)][];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getRow(i).toIntVector();
        }
        return out;
    }

    private JsonNode mode(String model, String mode) {
        JsonNode m = reference.get("models").get(model);
        if (m == null || m.get("modes").get(mode) == null) {
            throw new IllegalArgumentException("no SpikingJelly result for model " + model + ", mode " + mode);
        }
        return m.get("modes").get(mode);
    }
}
