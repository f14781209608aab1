package org.dl4j.snn.nir;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.eval.SnnEvaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J network with NIR's tensor convention: {@link #output(INDArray)} takes time-major {@code [T, batch, N]} or
 * {@code [T, batch, C, H, W]} and returns the network output time-major too (spikes, or membrane potentials of a
 * non-spiking readout). Made by {@link NirImport} (then {@link #layerOf(String)} names the layer of each NIR node) or
 * wrapped around any network with {@link #of(Model)}.
 */
public final class NirModel {
    private final Model network;
    private final double dt;
    private final Map<String, String> layerOfNode;
    private final List<String> warnings;
    private final String inputNode;
    private final String outputNode;

    public NirModel(Model network, double dt, Map<String, String> layerOfNode, List<String> warnings) {
        this(network, dt, layerOfNode, warnings, null, null);
    }

    /**
     * @param inputNode  name of the NIR Input node the network was imported from (or null)
     * @param outputNode name of the NIR Output node (or null)
     */
    public NirModel(Model network, double dt, Map<String, String> layerOfNode, List<String> warnings,
                    String inputNode, String outputNode) {
        if (!(network instanceof MultiLayerNetwork) && !(network instanceof ComputationGraph)) {
            throw new IllegalArgumentException("NirModel: expected a MultiLayerNetwork or ComputationGraph, got "
                    + (network == null ? null : network.getClass().getSimpleName()));
        }
        this.network = network;
        this.dt = dt;
        this.layerOfNode = Map.copyOf(layerOfNode);
        this.warnings = List.copyOf(warnings);
        this.inputNode = inputNode;
        this.outputNode = outputNode;
    }

    /** Name of the NIR Input node of an imported model, else null. */
    public String inputNode() { return inputNode; }

    /** Name of the NIR Output node of an imported model, else null. */
    public String outputNode() { return outputNode; }

    /** A network built elsewhere (a trained model), with no NIR node names. */
    public static NirModel of(Model network) {
        return new NirModel(network, Double.NaN, Map.of(), List.of());
    }

    /** The DL4J network: a {@link MultiLayerNetwork} or a {@link ComputationGraph}. */
    public Model network() { return network; }

    /** The time step the network was imported with, in seconds (NaN for {@link #of(Model)}). */
    public double dt() { return dt; }

    /** For each NIR node that became (part of) a layer or vertex, its name; empty for {@link #of(Model)}. */
    public Map<String, String> layerOfNode() { return layerOfNode; }

    /** The layer (or vertex) name of NIR node {@code node}. */
    public String layerOf(String node) {
        String l = layerOfNode.get(node);
        if (l == null) throw new IllegalArgumentException("NirModel: no layer for NIR node '" + node + "'");
        return l;
    }

    /** What the import had to assume (e.g. where dt came from). */
    public List<String> warnings() { return warnings; }

    /**
     * Inference on time-major input: the output of every step (for a network ending in a {@code TemporalLossLayer},
     * its per-step output whatever its output mode, {@link SnnEvaluation#perStepOutput}).
     *
     * @param timeMajor {@code [T, batch, N]} or {@code [T, batch, C, H, W]}
     * @return the output, time-major: {@code [T, batch, ...]}
     */
    public INDArray output(INDArray timeMajor) {
        INDArray x = toNetworkLayout(timeMajor);
        INDArray y;
        if (network instanceof MultiLayerNetwork m) {
            y = SnnEvaluation.perStepOutput(m, x, null);
        } else {
            y = SnnEvaluation.perStepOutput((ComputationGraph) network, x, null);
        }
        return toTimeMajor(y);
    }

    /** {@code [T, B, N]} to {@code [B, N, T]}, {@code [T, B, C, H, W]} to {@code [B, C, T, H, W]} (float32, C order). */
    public static INDArray toNetworkLayout(INDArray timeMajor) {
        INDArray x = timeMajor.castTo(DataType.FLOAT);
        return switch (x.rank()) {
            case 3 -> x.permute(1, 2, 0).dup('c');
            case 5 -> x.permute(1, 2, 0, 3, 4).dup('c');
            default -> throw new IllegalArgumentException("NirModel: expected time-major input [T, batch, N] or "
                    + "[T, batch, C, H, W], got shape " + Arrays.toString(timeMajor.shape()));
        };
    }

    /** {@code [B, N, T]} to {@code [T, B, N]}, {@code [B, C, T, H, W]} to {@code [T, B, C, H, W]}. */
    public static INDArray toTimeMajor(INDArray y) {
        return switch (y.rank()) {
            case 3 -> y.permute(2, 0, 1).dup('c');
            case 5 -> y.permute(2, 0, 1, 3, 4).dup('c');
            default -> throw new IllegalArgumentException("NirModel: expected a network output [batch, N, T] or "
                    + "[batch, C, T, H, W], got shape " + Arrays.toString(y.shape()));
        };
    }
}
