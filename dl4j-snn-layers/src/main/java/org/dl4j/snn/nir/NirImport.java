package org.dl4j.snn.nir;

import java.nio.file.Path;
import org.dl4j.snn.nir.internal.Importer;

/**
 * Builds a DL4J network from a NIR graph: a {@code MultiLayerNetwork} for a chain, a {@code ComputationGraph} (with
 * an add vertex where several edges enter a node) otherwise. Inputs are {@code [batch, N, T]} or
 * {@code [batch, C, T, H, W]}; {@link NirModel#output} takes NIR's time-major {@code [T, batch, ...]}.
 *
 * <p>Mapping (names of the DL4J layers are the NIR node names):
 * <ul>
 *   <li>Affine / Linear followed by its only neuron: {@code SpikingDense} (LI: {@code LeakyIntegratorReadout})
 *       named {@code "<synapse>+<neuron>"}; W = weight^T. Conv2d (groups 1) followed by a neuron: {@code SpikingConv}.
 *       Otherwise the synapse alone ({@code TimeConv}, or a {@code SpikingDense} whose neuron passes its input
 *       through: non-spiking LIF with tau = 1, H = X) and the neuron as {@code SpikingNeuron}.</li>
 *   <li>IF, LIF, LI, CubaLIF, Threshold: see {@link org.dl4j.snn.nir.internal.NeuronMapping} (dt in seconds:
 *       tau_steps = float32(tau/dt); IF with r = 1/dt or r = 1; LIF r = 1 is decayInput, r = tau/dt is not).</li>
 *   <li>AvgPool2d / SumPool2d (padding 0): {@code TimePooling} AVG / SUM; Flatten of [C, H, W]: {@code TimeFlatten};
 *       Scale (1-D, or per channel): a fixed diagonal dense / 1x1 conv.</li>
 *   <li>Refused with the node's name and type: recurrent edges, nested graphs, Delay, Conv1d, I, CubaLI, groups &gt; 1,
 *       parameters other than thresholds and time constants that differ between neurons.</li>
 * </ul>
 * dt: {@link Options#dt} if given, else the file's {@code metadata/dt}, else 1e-4 s (the NIR paper's value).
 */
public final class NirImport {
    /** dt when neither the options nor the file give one (seconds; the NIR paper's and SpikingJelly's default). */
    public static final double DEFAULT_DT = 1e-4;

    private NirImport() {
    }

    /** Reads and imports {@code file}. */
    public static NirModel read(Path file, Options options) {
        return toNetwork(NirGraph.read(file), options);
    }

    /** Imports a graph. */
    public static NirModel toNetwork(NirGraph graph, Options options) {
        return Importer.build(graph, options == null ? Options.defaults() : options);
    }

    /** Import settings; immutable, built with {@link #defaults()} and the {@code with...} methods. */
    public record Options(Double dt, boolean computationGraph, boolean fuse, long steps) {

        /** dt from the file (else 1e-4), a MultiLayerNetwork where possible, synapse and neuron fused. */
        public static Options defaults() {
            return new Options(null, false, true, 1);
        }

        /** Time step in seconds; overrides the file's metadata/dt. */
        public Options withDt(double seconds) {
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("NirImport: dt must be a positive number of seconds, got " + seconds);
            }
            return new Options(seconds, computationGraph, fuse, steps);
        }

        /** Always build a ComputationGraph (also for a chain). */
        public Options withComputationGraph(boolean cg) {
            return new Options(dt, cg, fuse, steps);
        }

        /** Whether a synapse and the neuron it alone feeds become one layer (default true). */
        public Options withFuse(boolean f) {
            return new Options(dt, computationGraph, f, steps);
        }

        /** T recorded in a convolutional input type (any T runs; default 1). */
        public Options withSteps(long t) {
            return new Options(dt, computationGraph, fuse, t);
        }
    }
}
