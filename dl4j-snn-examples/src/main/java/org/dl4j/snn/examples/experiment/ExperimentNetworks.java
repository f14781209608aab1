package org.dl4j.snn.examples.experiment;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.dl4j.snn.examples.presets.NetworkOptions;
import org.dl4j.snn.examples.presets.Preset;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.loss.SpikeRateMseLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.surrogate.SlayerExponential;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The networks of the experiments, {@code inputs - width - width - classes}:
 * <ul>
 *   <li>lif / plif variants: exactly {@code train}'s MLP presets ({@code nmnist_mlp}, {@code mnist}): tau 2, theta 1,
 *       ATan(2), non-spiking leaky-integrator readout, Xavier init, Adam;</li>
 *   <li>cuba variants: Rouser's network, lava-dl CUBA LIF in every layer (the 10 outputs spike), no biases, Kaiming
 *       init as lava-dl applies it ({@link #lavaDlInit}), SLAYER exponential surrogate, spike-rate MSE (true 0.2,
 *       others 0.03), the thresholds with their own Adam learning rate, and the reset detached from the backward
 *       pass (see {@link #cuba}).</li>
 * </ul>
 * Every variant of a family starts from the same weights for a seed: {@link #build} copies them from the family's
 * plain network (nothing extra learned) built with that seed, so extra learned parameters, whose initialisation may
 * draw random numbers, cannot shift the weights of the layers after them.
 */
public final class ExperimentNetworks {
    /** Rouser's lava-dl decays per 1 ms step. */
    static final double ROUSER_CURRENT_DECAY_PER_MS = 0.25;
    static final double ROUSER_VOLTAGE_DECAY_PER_MS = 0.03;

    private ExperimentNetworks() {}

    /** The initialised network of {@code arm} for {@code seed}, weights those of its plain variant. */
    public static MultiLayerNetwork build(Arm arm, int inputs, int classes, double msPerStep, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf(arm, arm.parsed(), inputs, classes, msPerStep, seed));
        net.init();
        MultiLayerNetwork plain = new MultiLayerNetwork(conf(arm, arm.parsed().plain(), inputs, classes, msPerStep,
                seed));
        plain.init();
        copySharedParams(plain, net);
        return net;
    }

    /**
     * The network of a CUBA {@code arm} at 1 ms per step, initialised; with {@code tbptt} > 0 it trains by truncated
     * BPTT in segments of that many steps (labels must then be {@code [batch, classes, T]}).
     */
    public static MultiLayerNetwork cubaMlp(Arm arm, int inputs, int classes, int tbptt, long seed) {
        MultiLayerConfiguration conf = cuba(arm, arm.parsed(), inputs, classes, 1.0, seed);
        if (tbptt > 0) {
            conf.setBackpropType(org.deeplearning4j.nn.conf.BackpropType.TruncatedBPTT);
            conf.setTbpttFwdLength(tbptt);
            conf.setTbpttBackLength(tbptt);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Copies every parameter of {@code from} that {@code to} has under the same layer, name and shape. */
    static void copySharedParams(MultiLayerNetwork from, MultiLayerNetwork to) {
        Layer[] a = from.getLayers();
        Layer[] b = to.getLayers();
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            Map<String, INDArray> target = b[i].paramTable();
            for (Map.Entry<String, INDArray> e : a[i].paramTable().entrySet()) {
                INDArray t = target.get(e.getKey());
                if (t != null && java.util.Arrays.equals(t.shape(), e.getValue().shape())) {
                    t.assign(e.getValue());
                }
            }
        }
    }

    static MultiLayerConfiguration conf(Arm arm, Arm.Variant v, int inputs, int classes, double msPerStep,
                                        long seed) {
        if (v.base().equals("cuba")) {
            return cuba(arm, v, inputs, classes, msPerStep, seed);
        }
        NetworkOptions o = new NetworkOptions(v.base(), 2.0, v.learnTheta(), v.learnV0(), "atan", 2.0, arm.loss());
        Preset preset = arm.dataset().equals("mnist") ? Preset.MNIST : Preset.NMNIST_MLP;
        return preset.network(inputs, 1, 1, classes, arm.steps(), arm.width(), o, seed, arm.lr());
    }

    /**
     * Rouser's CUBA MLP. lava-dl's per-millisecond decays are compounded over {@code msPerStep} ms per step
     * (decay d per ms -> 1 - (1 - d)^ms per step), so the neurons forget at the paper's rate in wall time.
     *
     * <p>The reset is detached ({@code detachReset}: the spike is a constant inside V = (1 - S) H), as in lava-dl,
     * whose voltage backward ({@code leaky_integrator._li_dynamics_bwd}) does not see the reset at all. With the
     * reset in the graph the backward factor of a non-spiking step is {@code (1 - S) - H g'(H - theta)}; SLAYER's
     * wide exponential makes that up to 1.4 for a negative H, so over 300 steps the gradients reach 1e30 and Adam
     * moves every weight by lr in the sign of noise (the networks did not train at 1 ms bins).
     *
     * <p>The weights start as lava-dl's synapses do, {@link #lavaDlInit}.
     */
    static MultiLayerConfiguration cuba(Arm arm, Arm.Variant v, int inputs, int classes, double msPerStep,
                                        long seed) {
        if (!arm.loss().equals("rate")) {
            throw new IllegalArgumentException("cuba variants train with Rouser's spike-rate loss: --loss rate, got "
                    + arm.loss());
        }
        if (v.learnV0()) {
            throw new IllegalArgumentException("cuba variants learn theta only (Rouser), got " + arm.variant());
        }
        double voltageDecay = 1 - Math.pow(1 - ROUSER_VOLTAGE_DECAY_PER_MS, msPerStep);
        double currentDecay = 1 - Math.pow(1 - ROUSER_CURRENT_DECAY_PER_MS, msPerStep);
        NeuronConfig.Builder nb = NeuronConfig.builder().model(NeuronModel.CUBA_LIF).decayInput(false)
                .detachReset(true).tau(1.0 / voltageDecay).currentDecay(currentDecay).theta(arm.theta0())
                .surrogate(new SlayerExponential(arm.slayerScale(), arm.slayerTau()));
        if (v.learnTheta()) {
            nb.learnTheta(true).thetaScope(Scope.NEURON);
        }
        NeuronConfig neuron = nb.build();
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).updater(new Adam(arm.lr())).biasUpdater(new Adam(arm.thetaLr())).list();
        b.layer(new SpikingDense.Builder(arm.width()).neuron(neuron).hasBias(false).weightInit(lavaDlInit(inputs))
                .build());
        b.layer(new SpikingDense.Builder(arm.width()).neuron(neuron).hasBias(false)
                .weightInit(lavaDlInit(arm.width())).build());
        b.layer(new SpikingDense.Builder(classes).neuron(neuron).hasBias(false).weightInit(lavaDlInit(arm.width()))
                .build());
        b.layer(new TemporalLossLayer.Builder(SpikeRateMseLoss.lavaDl()).build());
        return b.setInputType(InputType.recurrent(inputs, arm.steps())).build();
    }

    /**
     * The initialisation of a lava-dl synapse of {@code fanIn} inputs: PyTorch's default for its {@code Conv3d},
     * {@code kaiming_uniform_(a = sqrt(5))}, which is {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} (standard deviation
     * {@code 1/sqrt(3 fanIn)}). DL4J's {@code WeightInit.RELU} (He normal, {@code sqrt(2/fanIn)}) is 2.45 times
     * wider: with it the untrained network fired at 4 / 13 / 10-30 % (hidden / hidden / output) on N-MNIST at 1 ms,
     * Adam's first steps drove the outputs far below threshold and they stayed silent (loss 0.048, the loss of a
     * silent output layer; test accuracy one class's share).
     */
    static IWeightInit lavaDlInit(long fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        return new WeightInitDistribution(new UniformDistribution(-bound, bound));
    }
}
