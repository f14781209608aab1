package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/** Small shared fixtures of the time-layer tests: seeded arrays, one-layer networks, round trips, grad checks. */
public final class TimeLayerFixtures {
    private TimeLayerFixtures() {
    }

    /** Standard normal values from a private seeded generator (the global RNG stays untouched). */
    public static INDArray randn(DataType dataType, long seed, long... shape) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        return Nd4j.randn(rng, shape).castTo(dataType);
    }

    /** Uniform values in [lo, hi) from a private seeded generator. */
    static INDArray uniform(DataType dataType, long seed, double lo, double hi, long... shape) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        return Nd4j.rand(rng, shape).castTo(DataType.DOUBLE).muli(hi - lo).addi(lo).castTo(dataType);
    }

    /** A network of the given layers with an input type, NoOp updater, seed 42. */
    public static MultiLayerNetwork network(DataType dataType, WorkspaceMode ws, InputType inputType, Layer... layers) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(dataType)
                .updater(new NoOp())
                .trainingWorkspaceMode(ws)
                .inferenceWorkspaceMode(ws)
                .list();
        for (Layer l : layers) {
            b.layer(l);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(inputType).build());
        net.init();
        return net;
    }

    /** The configuration after a JSON round trip, asserted equal to the original. */
    static MultiLayerConfiguration jsonRoundTrip(MultiLayerConfiguration conf) {
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        assertThat(back.toJson()).isEqualTo(conf.toJson());
        return back;
    }

    /** {@code ModelSerializer} save and restore, with the updater. */
    static MultiLayerNetwork saveAndLoad(MultiLayerNetwork net) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net, bytes, true);
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ModelSerializer} save and restore, with the updater. */
    static ComputationGraph saveAndLoad(ComputationGraph net) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net, bytes, true);
            return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code body} with float64 as ND4J's default type (GradientCheckUtil requires it), then restores. */
    static void withDoubleDefault(Runnable body) {
        DataType prev = Nd4j.dataType();
        DataType prevFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            body.run();
        } finally {
            Nd4j.setDefaultDataTypes(prev, prevFloat);
        }
    }

    /** GradientCheckUtil on every parameter except {@code exclude}; the network must be float64 with NoOp/SGD(1). */
    static boolean gradientsMatch(MultiLayerNetwork net, INDArray input, INDArray labels, String... exclude) {
        return gradientsMatch(net, input, labels, null, exclude);
    }

    /** As above; {@code eachPass} runs before every forward pass (e.g. to reseed the RNG behind a dropout mask). */
    static boolean gradientsMatch(MultiLayerNetwork net, INDArray input, INDArray labels,
            org.nd4j.common.function.Consumer<MultiLayerNetwork> eachPass, String... exclude) {
        boolean[] ok = new boolean[1];
        withDoubleDefault(() -> ok[0] = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(net).input(input).labels(labels)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .callEachIter(eachPass)
                .excludeParams(new java.util.HashSet<>(Arrays.asList(exclude)))));
        return ok[0];
    }

    /** Largest absolute difference of two arrays of the same shape. */
    static double maxAbsDiff(INDArray a, INDArray b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
