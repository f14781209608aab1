package org.dl4j.snn.compat;

import java.io.File;
import java.io.IOException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4j.snn.layers.Engine;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.TimeBatchNorm;
import org.dl4j.snn.layers.TimeConv;
import org.dl4j.snn.layers.TimeDropout;
import org.dl4j.snn.layers.TimeDropoutLayer;
import org.dl4j.snn.layers.TimeFlatten;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.layers.VotingReadout;
import org.dl4j.snn.loss.LtsLoss;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.SpikeRateMseLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.loss.TetLoss;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.ATan;
import org.dl4j.snn.surrogate.FastSigmoid;
import org.dl4j.snn.surrogate.PiecewiseQuadratic;
import org.dl4j.snn.surrogate.Rectangular;
import org.dl4j.snn.surrogate.Sigmoid;
import org.dl4j.snn.surrogate.SlayerExponential;
import org.dl4j.snn.surrogate.Triangle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The networks of the saved-model compatibility fixtures ({@code src/test/resources/compat}): between them every
 * layer configuration, loss, surrogate, neuron model and preprocessor that DL4J writes into a {@code model.zip} by
 * class name. Built from the public API only, so the same code describes the models before and after a refactoring.
 * {@link #main} writes the fixtures (model zips after two Adam steps, their inputs and outputs); the compatibility
 * test loads the committed zips and compares outputs.
 */
public final class CompatModels {
    static final int T = 4;

    private CompatModels() {
    }

    /** Conv stack: TimeConv, TimeBatchNorm, SpikingNeuron, both poolings, SpikingConv, dense layers, TET. */
    static MultiLayerConfiguration convNet() {
        NeuronConfig plif = NeuronConfig.builder().model(NeuronModel.LIF).tau(2.0).learnTau(true)
                .learnTheta(true).thetaScope(Scope.NEURON).v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.CHANNEL)
                .surrogate(new ATan(2.0)).build();
        NeuronConfig ifSoft = NeuronConfig.builder().model(NeuronModel.IF).reset(Reset.SOFT).detachReset(true)
                .theta(0.5).surrogate(new Sigmoid(4.0)).build();
        NeuronConfig cuba = NeuronConfig.builder().model(NeuronModel.CUBA_LIF).tau(3.0).currentDecay(0.5)
                .theta(0.3).surrogate(new FastSigmoid(10.0)).build();
        NeuronConfig lif = NeuronConfig.builder().decayInput(false).theta(0.4)
                .surrogate(new PiecewiseQuadratic(1.0)).build();
        return new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(1e-2)).dataType(DataType.FLOAT).list()
                .layer(new TimeConv.Builder(4, 3).padding(1, 1).hasBias(false).build())
                .layer(new TimeBatchNorm())
                .layer(new SpikingNeuron.Builder(plif).build())
                .layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build())
                .layer(new SpikingConv.Builder(6, 3).padding(1, 1).neuron(ifSoft).build())
                .layer(new TimePooling.Builder(PoolingType.AVG, 2, 2).stride(2, 2).build())
                .layer(new SpikingDense.Builder(16).neuron(cuba).dropOut(new TimeDropout(0.9)).build())
                .layer(new TimeDropoutLayer.Builder(0.8).build())
                .layer(new SpikingDense.Builder(12).neuron(lif).engine(Engine.SAMEDIFF).build())
                .layer(new LeakyIntegratorReadout.Builder(5).learnTau(true).build())
                .layer(new TemporalLossLayer.Builder(new TetLoss(0.05)).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 8, 8, 2))
                .build();
    }

    /** Dense stack: the remaining surrogates, a voting readout and the spike-rate loss. */
    static MultiLayerConfiguration denseNet() {
        NeuronConfig a = NeuronConfig.builder().theta(0.3).surrogate(new Triangle(1.0)).build();
        NeuronConfig b = NeuronConfig.builder().theta(0.3).learnTheta(true).thetaScope(Scope.LAYER)
                .surrogate(new Rectangular(1.0)).build();
        NeuronConfig c = NeuronConfig.builder().theta(0.3).v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.NEURON)
                .surrogate(new SlayerExponential(5.0, 1.0)).build();
        return new NeuralNetConfiguration.Builder().seed(11).updater(new Adam(1e-2)).dataType(DataType.FLOAT).list()
                .layer(new SpikingDense.Builder(24).neuron(a).build())
                .layer(new SpikingDense.Builder(20).neuron(b).hasBias(false).build())
                .layer(new SpikingDense.Builder(10).neuron(c).build())
                .layer(new VotingReadout.Builder(2).build())
                .layer(new TemporalLossLayer.Builder(SpikeRateMseLoss.voting(1)).build())
                .setInputType(InputType.recurrent(12, T))
                .build();
    }

    /** A graph with an explicit TimeFlatten and the SDT / LTS losses on two outputs. */
    static ComputationGraphConfiguration graph() {
        NeuronConfig lif = NeuronConfig.builder().theta(0.05).build();
        return new NeuralNetConfiguration.Builder().seed(13).updater(new Adam(1e-2)).dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 6, 6, 2))
                .addLayer("conv", new SpikingConv.Builder(3, 3).neuron(lif).build(), "in")
                .addLayer("flat", new TimeFlatten.Builder().build(), "conv")
                .addLayer("fc", new SpikingDense.Builder(10).neuron(lif).build(), "flat")
                .addLayer("ro", new LeakyIntegratorReadout.Builder(3).build(), "fc")
                .addLayer("sdt", new TemporalLossLayer.Builder(new SdtLoss(0.1)).build(), "ro")
                .addLayer("lts", new TemporalLossLayer.Builder(new LtsLoss()).build(), "ro")
                .setOutputs("sdt", "lts")
                .build();
    }

    static INDArray convInput() {
        return uniform(1, 3, 2, T, 8, 8);
    }

    static INDArray denseInput() {
        return uniform(2, 3, 12, T);
    }

    static INDArray graphInput() {
        return uniform(3, 3, 2, T, 6, 6);
    }

    /** Uniform [0, 1) float32 values from a seeded java.util.Random (independent of ND4J's generator). */
    private static INDArray uniform(long seed, long... shape) {
        java.util.Random r = new java.util.Random(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return Nd4j.create(v, shape, 'c');
    }

    static INDArray labels(int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, 3, classes);
        for (int i = 0; i < 3; i++) {
            y.putScalar(i, i % classes, 1f);
        }
        return y;
    }

    /** Writes the fixtures into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        File dir = new File(args[0]);
        dir.mkdirs();
        MultiLayerNetwork conv = new MultiLayerNetwork(convNet());
        conv.init();
        MultiLayerNetwork dense = new MultiLayerNetwork(denseNet());
        dense.init();
        ComputationGraph graph = new ComputationGraph(graph());
        graph.init();
        for (int i = 0; i < 2; i++) {
            conv.fit(convInput(), labels(5));
            dense.fit(denseInput(), labels(5));
            graph.fit(new INDArray[] {graphInput()}, new INDArray[] {labels(3), labels(3)});
        }
        ModelSerializer.writeModel(conv, new File(dir, "conv-net.zip"), true);
        ModelSerializer.writeModel(dense, new File(dir, "dense-net.zip"), true);
        ModelSerializer.writeModel(graph, new File(dir, "graph.zip"), true);
        Nd4j.writeAsNumpy(convInput(), new File(dir, "conv-net.input.npy"));
        Nd4j.writeAsNumpy(conv.output(convInput()), new File(dir, "conv-net.output.npy"));
        Nd4j.writeAsNumpy(denseInput(), new File(dir, "dense-net.input.npy"));
        Nd4j.writeAsNumpy(dense.output(denseInput()), new File(dir, "dense-net.output.npy"));
        Nd4j.writeAsNumpy(graphInput(), new File(dir, "graph.input.npy"));
        INDArray[] g = graph.output(graphInput());
        Nd4j.writeAsNumpy(g[0], new File(dir, "graph.output0.npy"));
        Nd4j.writeAsNumpy(g[1], new File(dir, "graph.output1.npy"));
    }
}
