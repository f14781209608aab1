package org.dl4j.snn.nir;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.dl4j.snn.nir.internal.Exporter;

/**
 * Writes a DL4J spiking network as a NIR graph that NIR's reader and SpikingJelly's importer load. Mapping:
 * <ul>
 *   <li>{@code SpikingDense} / {@code LeakyIntegratorReadout}: Affine (with bias) or Linear, weight = W^T [out, in],
 *       then its neuron; {@code SpikingConv}: Conv2d (weight [Cout, Cin, kH, kW], stride, padding, dilation, groups 1,
 *       input_shape) then its neuron; {@code TimeConv}: Conv2d alone; {@code SpikingNeuron}: the neuron alone. A
 *       dense layer after a conv stack gets a Flatten node first.</li>
 *   <li>Neurons, one value per neuron (learned thresholds and time constants expanded): IF (r = 1/dt), LIF
 *       (tau = dt * tau_steps, PLIF: tau_steps = 1/sigmoid(w); r = 1 with decayInput, else r = tau_steps), non-spiking
 *       LIF: LI, CUBA LIF: CubaLIF (tau_syn = dt/currentDecay, w_in = tau_syn/dt, tau_mem = dt * tau_steps).</li>
 *   <li>{@code TimeBatchNorm} right after a {@code TimeConv} (or a dense layer without neuron): folded into its
 *       weights and bias with the running statistics. {@code TimePooling} AVG: AvgPool2d, SUM or PNORM(1): SumPool2d.
 *       {@code TimeFlatten}: Flatten. Dropout and an identity {@code TemporalLossLayer}: nothing (inference).</li>
 *   <li>Refused by default, naming the layer: soft reset, a learnable or fixed initial potential v0, max pooling, a
 *       voting readout. {@link Options#withApproximate(boolean)} writes the nearest NIR graph instead and reports in
 *       {@link Result#warnings()} what changes (hard reset to 0; v0 dropped; max pooling as SumPool2d + Threshold 0.5,
 *       exact on spikes; votes as a Linear node of weights 1/votes).</li>
 * </ul>
 * {@code metadata/dt} holds dt (a hint: NIR backends must not rely on it) and {@code metadata/reset_mode} "hard" or,
 * when soft reset was approximated, "soft".
 */
public final class NirExport {
    private NirExport() {
    }

    /** The graph and what the export had to change. */
    public record Result(NirGraph graph, List<String> warnings) {
    }

    /** The graph of {@code network} (a MultiLayerNetwork or ComputationGraph). */
    public static Result toGraph(Model network, Options options) {
        return Exporter.export(network, options == null ? Options.defaults() : options);
    }

    /** The graph of an imported model, with its dt and Input / Output node names unless the options set them. */
    public static Result toGraph(NirModel model, Options options) {
        Options o = options == null ? Options.defaults() : options;
        if (o.dt() == null && !Double.isNaN(model.dt())) o = o.withDt(model.dt());
        if (o.inputName() == null && model.inputNode() != null) o = o.withNames(model.inputNode(), o.outputName());
        if (o.outputName() == null && model.outputNode() != null) o = o.withNames(o.inputName(), model.outputNode());
        return Exporter.export(model.network(), o);
    }

    /** Exports and writes {@code file}; returns the warnings. */
    public static List<String> write(Model network, Path file, Options options) {
        Result r = toGraph(network, options);
        r.graph().write(file);
        return r.warnings();
    }

    /**
     * Export settings.
     *
     * @param dt          seconds per step (null: 1e-4)
     * @param approximate write the nearest NIR graph for what NIR cannot express, with warnings, instead of failing
     * @param inputShape  the input's feature shape [N] or [C, H, W] (null: from the first layer)
     * @param inputName   name of the Input node (null: "input")
     * @param outputName  name of the Output node (null: "output")
     */
    public record Options(Double dt, boolean approximate, long[] inputShape, String inputName, String outputName) {

        public static Options defaults() {
            return new Options(null, false, null, null, null);
        }

        public Options withDt(double seconds) {
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("NirExport: dt must be a positive number of seconds, got " + seconds);
            }
            return new Options(seconds, approximate, inputShape, inputName, outputName);
        }

        public Options withApproximate(boolean a) {
            return new Options(dt, a, inputShape, inputName, outputName);
        }

        public Options withInputShape(long... shape) {
            return new Options(dt, approximate, shape.clone(), inputName, outputName);
        }

        public Options withNames(String input, String output) {
            return new Options(dt, approximate, inputShape, input, output);
        }

        /** dt, or the default 1e-4 s. */
        public double dtOrDefault() {
            return dt == null ? NirImport.DEFAULT_DT : dt;
        }
    }
}
