package org.dl4j.snn.examples.presets;

import java.util.Locale;
import org.dl4j.snn.layers.Engine;
import org.dl4j.snn.loss.LtsLoss;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.SpikeRateMseLoss;
import org.dl4j.snn.loss.TemporalLoss;
import org.dl4j.snn.loss.TetLoss;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.ATan;
import org.dl4j.snn.surrogate.FastSigmoid;
import org.dl4j.snn.surrogate.PiecewiseQuadratic;
import org.dl4j.snn.surrogate.Rectangular;
import org.dl4j.snn.surrogate.Sigmoid;
import org.dl4j.snn.surrogate.SlayerExponential;
import org.dl4j.snn.surrogate.Surrogate;
import org.dl4j.snn.surrogate.Triangle;

/**
 * The choices a preset leaves to the user, by the names the command line takes: neuron variant, learnable tau /
 * theta / v0, surrogate, loss. Turns them into a {@link NeuronConfig} and a {@link TemporalLoss}.
 *
 * @param neuron     {@code if}, {@code lif}, {@code plif} (LIF with learnable tau, one per layer) or {@code cuba}
 * @param tau        (initial) membrane time constant
 * @param learnTheta learn theta per neuron (STL-SNN / Rouser)
 * @param learnV0    learn the initial potential per neuron (IMP-SNN)
 * @param surrogate  atan, sigmoid, fastsigmoid, pwq, triangle, rect, slayer
 * @param alpha      surrogate sharpness (width parameter for triangle / rect / slayer)
 * @param loss       sdt, tet, lstet, lts, rate
 * @param engine     fused or samediff: the runtime of the {@code SpikingDense} layers (the conv presets' spiking
 *                   neurons after {@code TimeConv} always run fused)
 */
public record NetworkOptions(String neuron, double tau, boolean learnTheta, boolean learnV0, String surrogate,
                             double alpha, String loss, String engine) {

    /** Options with the default engine, fused. */
    public NetworkOptions(String neuron, double tau, boolean learnTheta, boolean learnV0, String surrogate,
                          double alpha, String loss) {
        this(neuron, tau, learnTheta, learnV0, surrogate, alpha, loss, "fused");
    }

    /** The runtime of the spiking dense layers. */
    public Engine engineValue() {
        return switch (engine.toLowerCase(Locale.ROOT)) {
            case "fused" -> Engine.FUSED;
            case "samediff" -> Engine.SAMEDIFF;
            default -> throw new IllegalArgumentException("--engine must be fused or samediff; got " + engine);
        };
    }

    /** The spiking neuron of the hidden layers. */
    public NeuronConfig spikingNeuron() {
        NeuronConfig.Builder b = NeuronConfig.builder().surrogate(surrogateFunction()).tau(tau);
        switch (neuron.toLowerCase(Locale.ROOT)) {
            case "if" -> b.model(NeuronModel.IF);
            case "lif" -> b.model(NeuronModel.LIF);
            case "plif" -> b.model(NeuronModel.LIF).learnTau(true).tauScope(Scope.LAYER);
            case "cuba" -> b.model(NeuronModel.CUBA_LIF);
            default -> throw new IllegalArgumentException("--neuron must be one of if, lif, plif, cuba; got " + neuron);
        }
        if (learnTheta) {
            b.learnTheta(true).thetaScope(Scope.NEURON);
        }
        if (learnV0) {
            b.v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.NEURON);
        }
        return b.build();
    }

    /** The non-spiking leaky integrator of the readout layer (same tau, never fires). */
    public NeuronConfig readoutNeuron() {
        return NeuronConfig.builder().model(NeuronModel.LIF).tau(tau > 1 ? tau : 2.0).spiking(false).build();
    }

    /** The surrogate gradient named by {@code surrogate}. */
    public Surrogate surrogateFunction() {
        return switch (surrogate.toLowerCase(Locale.ROOT)) {
            case "atan" -> new ATan(alpha);
            case "sigmoid" -> new Sigmoid(alpha);
            case "fastsigmoid", "superspike" -> new FastSigmoid(alpha);
            case "pwq", "piecewisequadratic" -> new PiecewiseQuadratic(alpha);
            case "triangle", "zif" -> new Triangle(alpha);
            case "rect", "rectangular" -> new Rectangular(alpha);
            case "slayer" -> new SlayerExponential(1.5, alpha);
            default -> throw new IllegalArgumentException("--surrogate must be one of atan, sigmoid, fastsigmoid, pwq, "
                    + "triangle, rect, slayer; got " + surrogate);
        };
    }

    /** The training loss on the readout's {@code [batch, classes, T]}. */
    public TemporalLoss temporalLoss() {
        return switch (loss.toLowerCase(Locale.ROOT)) {
            case "sdt" -> new SdtLoss();
            case "tet" -> new TetLoss();
            case "lstet" -> TetLoss.labelSmoothed(0.1);
            case "lts" -> new LtsLoss();
            case "rate" -> new SpikeRateMseLoss();
            default -> throw new IllegalArgumentException("--loss must be one of sdt, tet, lstet, lts, rate; got "
                    + loss);
        };
    }
}
