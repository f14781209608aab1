package org.dl4j.snn.serialization;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
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
import org.dl4j.snn.layers.preprocessor.DirectEncodingPreProcessor;
import org.dl4j.snn.layers.preprocessor.FeedForwardToTimePreProcessor;
import org.dl4j.snn.layers.preprocessor.TimeFlattenPreProcessor;
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
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Instances of every configuration class of the library, with settings away from the defaults: the layers and
 * preprocessors as they sit in built networks (input sizes inferred), plus losses, surrogates, dropout and neuron
 * configurations on their own. {@link ConfigRoundTripTest} fails when a scanned class has none here.
 */
final class ConfigExamples {
    private static final int T = 4;

    private ConfigExamples() {
    }

    static NeuronConfig everything() {
        return NeuronConfig.builder().model(NeuronModel.CUBA_LIF).tau(3).learnTau(true).tauScope(Scope.CHANNEL)
                .decayInput(true).currentDecay(0.3).theta(1.2).learnTheta(true).thetaScope(Scope.NEURON)
                .thetaJitter(0.05).v0Mode(V0Mode.LEARNABLE).v0(0.1).v0Range(0.2).v0Scope(Scope.NEURON).vReset(-0.1)
                .reset(Reset.HARD).detachReset(true).surrogate(new Sigmoid(3)).build();
    }

    static NeuronConfig plifSoft() {
        return NeuronConfig.builder().learnTau(true).reset(Reset.SOFT).surrogate(new FastSigmoid(2)).build();
    }

    /** Networks that hold every layer config and preprocessor of the library. */
    static List<MultiLayerConfiguration> networks() {
        MultiLayerConfiguration conv = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Sgd(0.1)).list()
                .layer(new SpikingConv.Builder(4, 3).name("conv1").kernelSize(3, 2).stride(2, 1).padding(1, 0)
                        .dilation(1, 2).convolutionMode(ConvolutionMode.Strict).hasBias(false)
                        .engine(Engine.SAMEDIFF).neuron(everything()).build())
                .layer(new SpikingConv.Builder(3, 3).name("conv2").stride(2, 2).convolutionMode(ConvolutionMode.Same)
                        .engine(Engine.FUSED).neuron(plifSoft()).build())
                .layer(new SpikingDense.Builder(5).name("fc").hasBias(false).engine(Engine.SAMEDIFF)
                        .neuron(NeuronConfig.builder().model(NeuronModel.IF).reset(Reset.SOFT).learnTheta(true)
                                .thetaScope(Scope.LAYER).v0Mode(V0Mode.FIXED).v0(0.25).build())
                        .biasUpdater(new Sgd(0.01)).build())
                .layer(new LeakyIntegratorReadout.Builder(3).learnTau(true).tau(4).engine(Engine.SAMEDIFF).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss(0.1)).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 9, 8, 2)).build();
        MultiLayerConfiguration time = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).list()
                .layer(new TimeConv.Builder(4, 3).padding(1, 1).hasBias(false).name("c").build())
                .layer(new TimeBatchNorm.Builder().eps(1e-4).decay(0.8).name("bn").build())
                .layer(new SpikingNeuron.Builder(NeuronConfig.builder().learnTau(true).tauScope(Scope.CHANNEL)
                        .learnTheta(true).thetaScope(Scope.CHANNEL).surrogate(new Triangle(0.7)).build())
                        .name("n").build())
                .layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).name("p").build())
                .layer(new TimeFlatten.Builder().name("flat").build())
                .layer(new TimeDropoutLayer.Builder(0.2).name("drop").build())
                .layer(new SpikingDense.Builder(6).name("d").dropOut(new TimeDropout(0.3))
                        .neuron(NeuronConfig.builder().model(NeuronModel.IF).theta(0.3)
                                .surrogate(new PiecewiseQuadratic(1.5)).build()).build())
                .layer(new VotingReadout.Builder(3).name("vote").build())
                .layer(new TemporalLossLayer.Builder(SpikeRateMseLoss.voting(1)).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 6, 6, 2)).build();
        MultiLayerConfiguration dense = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .list()
                .layer(new SpikingDense.Builder(5).neuron(NeuronConfig.builder().model(NeuronModel.CUBA_LIF)
                        .currentDecay(0.4).surrogate(new SlayerExponential(2, 0.3)).build()).build())
                .layer(new LeakyIntegratorReadout.Builder(3).build())
                .layer(new TemporalLossLayer.Builder(new TetLoss(0.05, 1.0, TetLoss.Weighting.ADDITIVE, 0.1))
                        .build())
                .setInputType(InputType.recurrent(7, T)).build();
        return List.of(conv, time, dense);
    }

    /** A graph with the library's layers in vertices. */
    static ComputationGraphConfiguration graph() {
        return new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in")
                .addLayer("fc", new SpikingDense.Builder(6).neuron(plifSoft()).build(), "in")
                .addLayer("out", new LeakyIntegratorReadout.Builder(2).build(), "fc")
                .addLayer("loss", new TemporalLossLayer.Builder(new LtsLoss(0.05)).build(), "out")
                .setOutputs("loss")
                .setInputTypes(InputType.recurrent(5, T)).build();
    }

    /** Every example object. */
    static List<Object> all() {
        List<Object> xs = new ArrayList<>();
        for (MultiLayerConfiguration conf : networks()) {
            for (NeuralNetConfiguration layer : conf.getConfs()) {
                xs.add(layer.getLayer());
                if (layer.getLayer().getIDropout() != null) {
                    xs.add(layer.getLayer().getIDropout());
                }
            }
            xs.addAll(conf.getInputPreProcessors().values());
        }
        xs.add(TimeFlattenPreProcessor.forInputType(
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 3, 5, 2)));
        xs.addAll(List.of(new DirectEncodingPreProcessor(T), new DirectEncodingPreProcessor(T, 1, 28, 28),
                new FeedForwardToTimePreProcessor()));
        xs.addAll(List.of(new TetLoss(), TetLoss.labelSmoothed(0.01), new LtsLoss(), new LtsLoss(0.1), new SdtLoss(),
                SpikeRateMseLoss.lavaDl(), SpikeRateMseLoss.voting(10), new SpikeRateMseLoss(0.3, 0.01, 2)));
        xs.addAll(List.of(new ATan(2), new Sigmoid(4), new FastSigmoid(25), new PiecewiseQuadratic(1),
                new Rectangular(0.5), new SlayerExponential(1, 0.5), new Triangle(1)));
        xs.addAll(List.of(NeuronConfig.builder().build(), everything(), plifSoft()));
        xs.add(new TimeDropout(0.25));
        return xs;
    }
}
