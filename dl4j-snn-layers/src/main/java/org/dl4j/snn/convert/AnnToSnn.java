package org.dl4j.snn.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.convert.internal.AnnOp;
import org.dl4j.snn.convert.internal.AnnReader;
import org.dl4j.snn.convert.internal.BatchNormFolding;
import org.dl4j.snn.convert.internal.Calibrator;
import org.dl4j.snn.convert.internal.SnnAssembler;
import org.dl4j.snn.convert.internal.SnnNetworks;
import org.dl4j.snn.convert.internal.StepwiseEvaluator;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLoss;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.surrogate.ATan;
import org.dl4j.snn.surrogate.Surrogate;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * ANN-to-SNN conversion by rate coding with threshold balancing: a trained DL4J network of ReLU layers becomes a
 * network of this library's IF layers whose firing rates approximate the ANN's activations, following SpikingJelly's
 * {@code ann2snn} (Diehl et al. 2015, Rueckauer et al. 2017).
 * <pre>
 *   fold BN:      W' = W gamma / sqrt(var + eps),  b' = (b - mean) gamma / sqrt(var + eps) + beta
 *   calibrate:    lambda_l = statistic (ScaleRule) of ReLU l's outputs on the calibration data (EMA or exact)
 *   replace:      ReLU_l -&gt; IF neuron, threshold 1, soft reset (v &lt;- v - spike), v0 = 0 (or a fraction of 1)
 *                 W_l &lt;- W_l lambda_{l-1} / lambda_l,  b_l &lt;- b_l / lambda_l   (lambda_0 = 1: analog input)
 *   input:        the static input fed unchanged at every step (DirectEncodingPreProcessor)
 *   output:       the last dense layer at every step (readout, W lambda_L), argmax of its sum over T
 * </pre>
 * Supported: {@code MultiLayerNetwork}s and chain-shaped {@code ComputationGraph}s of {@code ConvolutionLayer},
 * {@code DenseLayer}, {@code BatchNormalization} (folded), ReLU (activation or {@code ActivationLayer}),
 * {@code SubsamplingLayer} (AVG, SUM; MAX refused unless {@link Builder#maxPoolOnSpikes}), {@code GlobalPoolingLayer}
 * (AVG, SUM), {@code DropoutLayer} (dropped), ending in an {@code OutputLayer} (softmax dropped). The result is an
 * ordinary network of {@code SpikingConv}, {@code SpikingDense}, {@code TimePooling}, {@code LeakyIntegratorReadout}
 * and a {@code TemporalLossLayer}: it takes the ANN's static input batches, saves with {@code ModelSerializer},
 * streams with {@code rnnTimeStep}, and trains further ({@code fit}) with surrogate gradients.
 *
 * <pre>{@code
 * SnnConversion snn = AnnToSnn.builder().scaleRule(ScaleRule.percentile(99.9)).steps(32).build()
 *         .convert(ann, calibrationIterator);
 * SpikingAccuracy acc = snn.evaluate(testIterator, 8, 16, 32);
 * }</pre>
 * The defaults are SpikingJelly's ({@code ScaleRule.max()}, {@link Calibration#EMA}, one scale per layer, v0 = 0).
 */
public final class AnnToSnn {
    private final ScaleRule scaleRule;
    private final Calibration calibration;
    private final Scope scaleScope;
    private final int steps;
    private final double initialPotential;
    private final boolean learnInitialPotential;
    private final Surrogate surrogate;
    private final TemporalLoss loss;
    private final IUpdater updater;
    private final long seed;
    private final boolean maxPoolOnSpikes;

    private AnnToSnn(Builder b) {
        this.scaleRule = b.scaleRule;
        this.calibration = b.calibration;
        this.scaleScope = b.scaleScope;
        this.steps = b.steps;
        this.initialPotential = b.initialPotential;
        this.learnInitialPotential = b.learnInitialPotential;
        this.surrogate = b.surrogate;
        this.loss = b.loss;
        this.updater = b.updater;
        this.seed = b.seed;
        this.maxPoolOnSpikes = b.maxPoolOnSpikes;
    }

    /** A builder with SpikingJelly's settings: max, EMA, per layer, T = 32, v0 = 0. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Converts a trained {@link MultiLayerNetwork}; the calibration iterator gives the ANN's own input batches
     * (a reset is attempted first; exact percentiles read it twice).
     */
    public SnnConversion convert(MultiLayerNetwork ann, DataSetIterator calibrationData) {
        return convert(AnnReader.read(ann), calibrationData);
    }

    /** Converts a trained chain-shaped {@link ComputationGraph} into a ComputationGraph. */
    public SnnConversion convert(ComputationGraph ann, DataSetIterator calibrationData) {
        return convert(AnnReader.read(ann), calibrationData);
    }

    private SnnConversion convert(AnnReader.Model model, DataSetIterator data) {
        if (data == null) {
            throw new IllegalArgumentException("AnnToSnn: a calibration iterator is required");
        }
        List<AnnOp> ops = BatchNormFolding.fold(model.ops());
        Calibrator.Result cal = Calibrator.calibrate(ops, model.imageShape(), data, scaleRule, calibration,
                scaleScope);
        SnnAssembler.Options options = new SnnAssembler.Options(initialPotential, learnInitialPotential,
                surrogate, loss, maxPoolOnSpikes);
        List<SnnAssembler.Spec> specs = SnnAssembler.assemble(ops, cal.lambdas(), cal.inputShapes(), options);
        SnnNetworks.Input input = SnnNetworks.Input.of(cal.featureShape(), model.imageShape(), steps);
        Model net = model.inputName() == null ? SnnNetworks.multiLayer(specs, input, updater, seed)
                : SnnNetworks.graph(specs, input, model.inputName(), updater, seed);
        List<LayerScale> scales = new ArrayList<>();
        for (Map.Entry<Integer, float[]> e : cal.lambdas().entrySet()) {
            scales.add(new LayerScale(ops.get(e.getKey()).layer(), e.getValue()));
        }
        return new SnnConversion(net, scales, steps, cal.samples(), cal.folded(), this);
    }

    /**
     * A copy of a converted network (same parameters) that repeats static input over {@code steps} steps instead:
     * e.g. fine-tune at T = 8, run at T = 32.
     */
    public static MultiLayerNetwork withSteps(MultiLayerNetwork snn, int steps) {
        return (MultiLayerNetwork) SnnNetworks.withSteps(snn, steps);
    }

    /** {@link #withSteps(MultiLayerNetwork, int)} for a ComputationGraph. */
    public static ComputationGraph withSteps(ComputationGraph snn, int steps) {
        return (ComputationGraph) SnnNetworks.withSteps(snn, steps);
    }

    /**
     * Accuracy of a spiking classifier after each of {@code steps} time steps from one run over {@code max(steps)}
     * (its readout summed over the first T steps), with firing rates per spiking layer. Works on any network of this
     * library's layers that ends in a per-step readout (optionally followed by a {@code TemporalLossLayer}); static
     * input is repeated over time by its {@code DirectEncodingPreProcessor}.
     */
    public static SpikingAccuracy evaluate(Model snn, DataSetIterator data, int... steps) {
        return StepwiseEvaluator.evaluate(snn, data, steps);
    }

    public ScaleRule scaleRule() {
        return scaleRule;
    }

    public Calibration calibration() {
        return calibration;
    }

    public Scope scaleScope() {
        return scaleScope;
    }

    public int steps() {
        return steps;
    }

    public double initialPotential() {
        return initialPotential;
    }

    public boolean learnInitialPotential() {
        return learnInitialPotential;
    }

    @Override
    public String toString() {
        return "AnnToSnn(rule=" + scaleRule + ", calibration=" + calibration + ", scales per " + scaleScope
                + ", T=" + steps + ", v0=" + initialPotential + (learnInitialPotential ? " learnable" : "")
                + ", loss=" + loss + ")";
    }

    /** Options of the conversion; {@link #build()} validates them. */
    public static final class Builder {
        private ScaleRule scaleRule = ScaleRule.max();
        private Calibration calibration = Calibration.EMA;
        private Scope scaleScope = Scope.LAYER;
        private int steps = 32;
        private double initialPotential;
        private boolean learnInitialPotential;
        private Surrogate surrogate = new ATan(2);
        private TemporalLoss loss = new SdtLoss();
        private IUpdater updater = new Adam(1e-4);
        private long seed = 42;
        private boolean maxPoolOnSpikes;

        private Builder() {
        }

        /** The statistic of the ReLU outputs that becomes lambda (default max). */
        public Builder scaleRule(ScaleRule scaleRule) {
            this.scaleRule = scaleRule;
            return this;
        }

        /** How batch statistics combine: SpikingJelly's EMA (default) or the exact statistic of all data. */
        public Builder calibration(Calibration calibration) {
            this.calibration = calibration;
            return this;
        }

        /** One lambda per layer (default, SpikingJelly) or per channel ({@code Scope.CHANNEL}). */
        public Builder scaleScope(Scope scaleScope) {
            this.scaleScope = scaleScope;
            return this;
        }

        /** T: the steps the network repeats static input over (default 32); see {@link AnnToSnn#withSteps}. */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /**
         * The membrane potential before the first step as a fraction of the threshold (default 0, SpikingJelly);
         * 0.5 centres the rounding error of the spike count (Rueckauer et al. 2017, Bu et al. 2022).
         */
        public Builder initialPotential(double fractionOfThreshold) {
            this.initialPotential = fractionOfThreshold;
            return this;
        }

        /** Make v0 a learnable parameter per neuron (IMP-SNN), initialised to {@link #initialPotential}. */
        public Builder learnInitialPotential(boolean learn) {
            this.learnInitialPotential = learn;
            return this;
        }

        /** Surrogate gradient of the IF neurons for fine-tuning (default ATan(2)). */
        public Builder surrogate(Surrogate surrogate) {
            this.surrogate = surrogate;
            return this;
        }

        /** Loss of the output layer for fine-tuning (default SDT: cross entropy of the mean readout). */
        public Builder loss(TemporalLoss loss) {
            this.loss = loss;
            return this;
        }

        /** Updater for fine-tuning (default Adam(1e-4)). */
        public Builder updater(IUpdater updater) {
            this.updater = updater;
            return this;
        }

        /** Seed of the network configuration (fine-tuning order and dropout). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Convert max pooling into max pooling of spikes (an approximation: the pooled spike train fires whenever
         * any input fires, so it over-estimates the maximum rate) instead of refusing the network.
         */
        public Builder maxPoolOnSpikes(boolean allow) {
            this.maxPoolOnSpikes = allow;
            return this;
        }

        public AnnToSnn build() {
            if (scaleRule == null || calibration == null || scaleScope == null || surrogate == null || loss == null
                    || updater == null) {
                throw new IllegalArgumentException("AnnToSnn: scaleRule, calibration, scaleScope, surrogate, loss and "
                        + "updater must not be null");
            }
            if (scaleScope == Scope.NEURON) {
                throw new IllegalArgumentException("AnnToSnn.scaleScope: NEURON scales cannot be folded through "
                        + "pooling; use LAYER or CHANNEL");
            }
            if (steps < 1) {
                throw new IllegalArgumentException("AnnToSnn.steps must be >= 1, got " + steps);
            }
            if (!(initialPotential >= 0 && initialPotential < 1)) {
                throw new IllegalArgumentException("AnnToSnn.initialPotential must lie in [0, 1) (a fraction of the "
                        + "threshold), got " + initialPotential);
            }
            return new AnnToSnn(this);
        }
    }
}
