package org.dl4j.snn.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.internal.runtime.FusedRuntime;
import org.dl4j.snn.layers.internal.samediff.SameDiffRuntime;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.Sigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Small spiking networks shared by the engine tests: {@code SpikingDense -> SpikingDense -> SDT loss} on
 * {@code [batch, 5, T]} and {@code SpikingConv -> SpikingDense -> SDT loss} on {@code [batch, 2, T, 6, 6]}, every
 * spiking layer on the same engine and neuron; plus the neuron variants and conv geometries they are run with.
 */
final class SpikingFixtures {
    static final int DENSE_IN = 5;
    static final int DENSE_T = 5;
    static final int CONV_IN = 2;
    static final int CONV_T = 4;
    static final int CONV_HW = 6;
    static final int CLASSES = 3;

    /** One neuron configuration under a readable name. */
    record Variant(String name, NeuronConfig neuron) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One convolution geometry under a readable name. */
    record Geometry(String name, UnaryOperator<SpikingConv.Builder> options) {
        @Override
        public String toString() {
            return name;
        }
    }

    private SpikingFixtures() {
    }

    /** The neuron variants of issue 3's parity list. */
    static List<Variant> variants() {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("LIF hard", NeuronConfig.builder().build()));
        v.add(new Variant("PLIF learnTau", NeuronConfig.builder().learnTau(true).build()));
        v.add(new Variant("IF soft", NeuronConfig.builder().model(NeuronModel.IF).reset(Reset.SOFT).build()));
        v.add(new Variant("theta NEURON", NeuronConfig.builder().learnTheta(true).thetaScope(Scope.NEURON).build()));
        v.add(new Variant("theta CHANNEL", NeuronConfig.builder().learnTheta(true).thetaScope(Scope.CHANNEL)
                .surrogate(new Sigmoid(4)).build()));
        v.add(new Variant("v0 learnable", NeuronConfig.builder().v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.NEURON)
                .v0Range(0.4).build()));
        v.add(new Variant("CUBA_LIF", NeuronConfig.builder().model(NeuronModel.CUBA_LIF).tau(3).currentDecay(0.5)
                .build()));
        v.add(new Variant("detachReset soft PLIF", NeuronConfig.builder().reset(Reset.SOFT).detachReset(true)
                .learnTau(true).tauScope(Scope.CHANNEL).build()));
        v.add(new Variant("everything learnable", NeuronConfig.builder().learnTau(true).tauScope(Scope.NEURON)
                .learnTheta(true).thetaScope(Scope.CHANNEL).v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.LAYER).build()));
        return v;
    }

    /** Convolution geometries: padded Truncate, stride 2 with Same mode, no bias with dilation. */
    static List<Geometry> geometries() {
        return List.of(
                new Geometry("3x3 pad 1", b -> b.kernelSize(3, 3).padding(1, 1)),
                new Geometry("3x3 stride 2 Same", b -> b.kernelSize(3, 3).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Same)),
                new Geometry("2x3 dilation 2 no bias", b -> b.kernelSize(2, 3).dilation(2, 1).hasBias(false)));
    }

    static NeuralNetConfiguration.Builder base(DataType dt, WorkspaceMode ws) {
        return new NeuralNetConfiguration.Builder().seed(12345).dataType(dt).updater(new NoOp())
                .trainingWorkspaceMode(ws).inferenceWorkspaceMode(ws);
    }

    static MultiLayerConfiguration denseConf(Engine engine, NeuronConfig neuron, DataType dt, WorkspaceMode ws) {
        return base(dt, ws).list()
                .layer(new SpikingDense.Builder(6).neuron(neuron).engine(engine).build())
                .layer(new SpikingDense.Builder(CLASSES).neuron(neuron).engine(engine).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(DENSE_IN, DENSE_T)).build();
    }

    static MultiLayerConfiguration convConf(Engine engine, NeuronConfig neuron, Geometry geometry, DataType dt,
                                            WorkspaceMode ws) {
        return base(dt, ws).list()
                .layer(geometry.options().apply(new SpikingConv.Builder().nOut(3)).neuron(neuron).engine(engine)
                        .build())
                .layer(new SpikingDense.Builder(CLASSES).neuron(neuron).engine(engine).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, CONV_T, CONV_HW, CONV_HW,
                        CONV_IN))
                .build();
    }

    /** A network on {@code params} (copied), or freshly initialised when null. */
    static MultiLayerNetwork init(MultiLayerConfiguration conf, INDArray params) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        if (params == null) {
            net.init();
        } else {
            net.init(params.dup(), false);
        }
        return net;
    }

    /**
     * Moves every parameter a little off its initial value (so that e.g. each threshold differs), keeping the neuron
     * parameters valid (theta stays near 1, far above the reset potential 0).
     */
    static void jitter(MultiLayerNetwork net, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray p = net.params();
        p.addi(Nd4j.rand(p.dataType(), p.shape()).subi(0.5).muli(0.2));
    }

    /**
     * Inputs uniform in [0, 1.6) for {@code [batch, n, T]} and in [0, 3) for {@code [batch, C, T, H, W]}: a mix of
     * silent and firing neurons with these networks.
     */
    static INDArray input(DataType dt, long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(dt, shape).muli(shape.length == 5 ? 3.0 : 1.6);
    }

    /** One-hot labels [batch, CLASSES]. */
    static INDArray labels(DataType dt, int batch) {
        INDArray y = Nd4j.zeros(dt, batch, CLASSES);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % CLASSES, 1);
        }
        return y;
    }

    /**
     * TEST ONLY: switches every spiking layer of {@code net} to the smooth forward S = g(H - theta), under which the
     * surrogate gradients are true gradients (both engines).
     */
    static void smoothForGradientChecks(MultiLayerNetwork net) {
        for (Layer l : net.getLayers()) {
            if (l instanceof FusedRuntime fused) {
                fused.smoothForGradientChecks(true);
            } else if (l instanceof SameDiffRuntime<?> sameDiff) {
                sameDiff.smoothForGradientChecks(true);
            }
        }
    }
}
