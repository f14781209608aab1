package org.dl4j.snn.examples.bench;

import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.dl4j.snn.layers.Engine;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.NeuronLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.TimeBatchNorm;
import org.dl4j.snn.layers.TimeConv;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.surrogate.ATan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The two benchmark networks, built with this library's layers, with their synthetic input: the same shapes,
 * neuron, optimiser and precision as the SpikingJelly reference ({@code bench/spikingjelly_reference.py}).
 * <ul>
 *   <li>{@code mlp}: [T=100, batch 32, 700] Bernoulli(0.05) spikes -> Linear(700,256) -> PLIF -> Linear(256,256) ->
 *       PLIF -> Linear(256,20) -> mean over T -> cross-entropy;</li>
 *   <li>{@code conv}: [T=10, batch 16, 2, 34, 34] Bernoulli(0.05) -> Conv(2,32,3,pad 1, no bias) + BN -> PLIF ->
 *       MaxPool 2 -> Conv(32,64,3,pad 1, no bias) + BN -> PLIF -> MaxPool 2 -> Flatten -> Linear(4096,10) ->
 *       mean over T -> cross-entropy.</li>
 * </ul>
 * PLIF: init tau 2 (w = 0, one w per layer), decay_input, hard reset to 0, theta 1, ATan(alpha 2). Adam(lr 1e-3),
 * float32. Weights are drawn U(-1/sqrt(fanIn), 1/sqrt(fanIn)) (PyTorch's default for Linear/Conv), then shaped by
 * the {@link Regime} (the same rule in the reference: {@code --weight-gain}, {@code --bn-gamma}), so that firing
 * rates, which decide the cost of the spike-driven paths, are comparable with the reference.
 *
 * <p>Mapping to the library: Linear+PLIF = {@link SpikingDense}; Conv+BN+PLIF = {@link TimeConv} ->
 * {@link TimeBatchNorm} -> {@link SpikingNeuron}; MaxPool = {@link TimePooling}; Flatten is DL4J's automatic
 * {@code TimeFlattenPreProcessor}; the neuron-less readout Linear = {@link LeakyIntegratorReadout} with tau = 1
 * (see {@link #identity()}); mean over T + cross-entropy = {@link TemporalLossLayer} with {@link SdtLoss}.
 * The engine applies to the layers that have one (SpikingDense, TimeConv, the readout); {@link SpikingNeuron} is
 * fused only.
 */
public enum BenchNet {
    MLP(100, 32, new long[] {700}, 20),
    CONV(10, 16, new long[] {2, 34, 34}, 10);

    /** Time steps T. */
    public final int steps;
    /** Mini-batch size. */
    public final int batch;
    /** Shape of one sample at one time step: {@code [700]} or {@code [2, 34, 34]}. */
    private final long[] stepShape;
    /** Number of classes. */
    public final int classes;

    BenchNet(int steps, int batch, long[] stepShape, int classes) {
        this.steps = steps;
        this.batch = batch;
        this.stepShape = stepShape;
        this.classes = classes;
    }

    /** Lower-case name as used on the command line and in the JSON lines. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Lower-case name of an engine, as used on the command line and in the JSON lines. */
    public static String id(Engine engine) {
        return engine.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** SpikingJelly's ParametricLIFNode(init_tau=2, decay_input=True, v_reset=0, v_threshold=1, ATan(2)). */
    public static NeuronConfig plif() {
        return NeuronConfig.builder().model(NeuronModel.LIF).tau(2).learnTau(true).tauScope(Scope.LAYER)
                .decayInput(true).theta(1).vReset(0).reset(Reset.HARD).detachReset(false).surrogate(new ATan(2))
                .build();
    }

    /**
     * The readout {@code Linear(n, classes)} without a neuron: a non-spiking LIF with tau = 1 has k = 1, so its
     * potential is H[t] = 0 * V[t-1] + 1 * z[t] = z[t], the linear layer's output, exactly.
     */
    static NeuronConfig identity() {
        return NeuronConfig.builder().model(NeuronModel.LIF).tau(1).decayInput(true).vReset(0).spiking(false)
                .build();
    }

    /**
     * The firing regime of a bench network, set by its initialisation. With PyTorch's default init the MLP's second
     * hidden layer never fires and the conv net's layers fire at about 3 %, so the spike-driven paths skip almost all
     * work; trained SNNs fire at 5-30 % in hidden layers.
     */
    public enum Regime {
        /**
         * Hidden layers at trained-network rates: the MLP's spiking Linear weights x {@value #MLP_WEIGHT_GAIN}
         * (about 10 % / 15 % at the start), the conv net's BN gamma {@value #CONV_BN_GAMMA} (about 9 % / 9 %).
         */
        REALISTIC,
        /** PyTorch's default init unchanged (the regime of the earlier figures); reported as {@code <net>-sparse}. */
        SPARSE;

        /** Lower-case name as used on the command line. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final double MLP_WEIGHT_GAIN = 12;
    static final double CONV_BN_GAMMA = 1.5;

    /** Factor on the initial weights of every synapse that feeds a spiking neuron, in {@code regime}. */
    public double weightGain(Regime regime) {
        return regime == Regime.REALISTIC && this == MLP ? MLP_WEIGHT_GAIN : 1;
    }

    /** Initial gamma of every batch norm, in {@code regime}. */
    public double bnGamma(Regime regime) {
        return regime == Regime.REALISTIC && this == CONV ? CONV_BN_GAMMA : 1;
    }

    /** The name of this net's rows in {@code regime}: {@code mlp}, or {@code mlp-sparse} for the sparse regime. */
    public String label(Regime regime) {
        return regime == Regime.REALISTIC ? id() : id() + "-" + regime.id();
    }

    /** A freshly initialised network for {@code engine}, in the realistic regime. */
    public MultiLayerNetwork build(Engine engine, long seed) {
        return build(engine, seed, Regime.REALISTIC);
    }

    /** A freshly initialised network for {@code engine}, its initialisation shaped by {@code regime}. */
    public MultiLayerNetwork build(Engine engine, long seed, Regime regime) {
        MultiLayerConfiguration conf = switch (this) {
            case MLP -> mlp(engine, seed);
            case CONV -> conv(engine, seed);
        };
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        double gain = weightGain(regime);
        double gamma = bnGamma(regime);
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            Object c = l.conf().getLayer();
            if (gain != 1 && c instanceof NeuronLayer nl && nl.getNeuron() != null && nl.getNeuron().spiking()
                    && l.paramTable().containsKey(DefaultParamInitializer.WEIGHT_KEY)) {
                l.getParam(DefaultParamInitializer.WEIGHT_KEY).muli(gain);
            }
            if (gamma != 1 && c instanceof TimeBatchNorm) {
                l.getParam(BatchNormalizationParamInitializer.GAMMA).assign(gamma);
            }
        }
        return net;
    }

    private static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).updater(new Adam(1e-3))
                .weightInit(WeightInit.UNIFORM);
    }

    private static MultiLayerConfiguration mlp(Engine engine, long seed) {
        return base(seed).list()
                .layer(new SpikingDense.Builder(256).neuron(plif()).engine(engine).build())
                .layer(new SpikingDense.Builder(256).neuron(plif()).engine(engine).build())
                .layer(readout(20, engine))
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(700, 100))
                .build();
    }

    private static MultiLayerConfiguration conv(Engine engine, long seed) {
        NeuralNetConfiguration.ListBuilder b = base(seed).list();
        for (int width : new int[] {32, 64}) {
            b.layer(new TimeConv.Builder(width, 3).padding(1, 1).hasBias(false).engine(engine).build());
            b.layer(new TimeBatchNorm());
            b.layer(new SpikingNeuron.Builder(plif()).build());
            b.layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build());
        }
        return b.layer(readout(10, engine))
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 10, 34, 34, 2))
                .build();
    }

    /** {@code Linear(nIn, classes)} over every time step, with no neuron (see {@link #identity()}). */
    private static LeakyIntegratorReadout readout(int classes, Engine engine) {
        LeakyIntegratorReadout.Builder b = new LeakyIntegratorReadout.Builder(classes);
        b.neuron(identity());
        b.engine(engine);
        return b.build();
    }

    /**
     * {@code count} synthetic mini-batches: features Bernoulli({@code density}) spikes in DL4J's layout
     * ({@code [batch, 700, T]} or {@code [batch, 2, T, 34, 34]}), labels one-hot {@code [batch, classes]}.
     */
    public DataSet[] data(int count, double density, long seed) {
        Random rnd = new Random(seed);
        DataSet[] out = new DataSet[count];
        for (int k = 0; k < count; k++) {
            long[] shape = featureShape();
            long n = 1;
            for (long d : shape) n *= d;
            float[] f = new float[Math.toIntExact(n)];
            for (int i = 0; i < f.length; i++) f[i] = rnd.nextDouble() < density ? 1f : 0f;
            float[] y = new float[batch * classes];
            for (int b = 0; b < batch; b++) y[b * classes + rnd.nextInt(classes)] = 1f;
            INDArray features = Nd4j.create(f, shape, 'c');
            INDArray labels = Nd4j.create(y, new long[] {batch, classes}, 'c');
            out[k] = new DataSet(features, labels);
        }
        return out;
    }

    /** Features shape in DL4J's layout: {@code [batch, 700, T]} or {@code [batch, 2, T, 34, 34]}. */
    public long[] featureShape() {
        return switch (this) {
            case MLP -> new long[] {batch, stepShape[0], steps};
            case CONV -> new long[] {batch, stepShape[0], steps, stepShape[1], stepShape[2]};
        };
    }
}
