package org.dl4j.snn.nir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A graph with branches (two Linear nodes into one LIF: their outputs add) becomes a ComputationGraph with an add
 * vertex, runs as the single Linear with the summed weights, and exports back to the same graph; Scale and
 * Threshold nodes map to a fixed diagonal synapse and a memoryless spike.
 */
class NirBranchesTest {
    private static NirArray w(double... v) {
        return NirArray.float32(v, 2, 3);
    }

    private static Map<String, NirArray> lif() {
        Map<String, NirArray> f = new LinkedHashMap<>();
        f.put("tau", NirArray.filled64(2e-4, 2));
        f.put("r", NirArray.filled64(1, 2));
        f.put("v_leak", NirArray.filled64(0, 2));
        f.put("v_threshold", NirArray.float64(new double[] {0.5, 0.75}, 2));
        f.put("v_reset", NirArray.filled64(0, 2));
        return f;
    }

    @Test
    void twoBranchesIntoOneNeuronAddUp() {
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        nodes.put("in", new NirNode("in", "Input", Map.of("shape", NirArray.int64(3))));
        nodes.put("a", new NirNode("a", "Linear", Map.of("weight", w(0.5, 0.25, 0, 0, 0.5, 0.125))));
        nodes.put("b", new NirNode("b", "Linear", Map.of("weight", w(0.25, 0, 0.5, 0.375, 0.25, 0))));
        nodes.put("lif", new NirNode("lif", "LIF", lif()));
        nodes.put("out", new NirNode("out", "Output", Map.of("shape", NirArray.int64(2))));
        List<NirEdge> edges = List.of(new NirEdge("in", "a"), new NirEdge("in", "b"), new NirEdge("a", "lif"),
                new NirEdge("b", "lif"), new NirEdge("lif", "out"));
        NirGraph g = new NirGraph(nodes, edges, Map.of(), "1.0", "branches");
        NirModel m = NirImport.toNetwork(g, null);
        assertThat(m.network()).isInstanceOf(ComputationGraph.class);
        assertThat(m.layerOf("lif")).isEqualTo("lif");

        Map<String, NirNode> one = new LinkedHashMap<>();
        one.put("in", nodes.get("in"));
        one.put("ab", new NirNode("ab", "Linear", Map.of("weight", w(0.75, 0.25, 0.5, 0.375, 0.75, 0.125))));
        one.put("lif", nodes.get("lif"));
        one.put("out", nodes.get("out"));
        NirGraph summed = new NirGraph(one, List.of(new NirEdge("in", "ab"), new NirEdge("ab", "lif"),
                new NirEdge("lif", "out")), Map.of(), "1.0", "summed");
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 12, 4, 3).lt(0.5).castTo(DataType.FLOAT);
        INDArray y = m.output(x);
        assertThat(y).isEqualTo(NirImport.toNetwork(summed, null).output(x));
        assertThat(y.sumNumber().doubleValue()).isPositive();

        NirGraph back = NirExport.toGraph(m, null).graph();
        NirGraphs.assertSameGraph(g, back);
    }

    @Test
    void scaleAndThresholdNodes() {
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        nodes.put("in", new NirNode("in", "Input", Map.of("shape", NirArray.int64(3))));
        nodes.put("s", new NirNode("s", "Scale", Map.of("scale", NirArray.float32(new double[] {2, 0.5, -1}, 3))));
        nodes.put("th", new NirNode("th", "Threshold", Map.of("threshold", NirArray.filled64(0.75, 3))));
        nodes.put("out", new NirNode("out", "Output", Map.of("shape", NirArray.int64(3))));
        NirGraph g = new NirGraph(nodes, List.of(new NirEdge("in", "s"), new NirEdge("s", "th"),
                new NirEdge("th", "out")), Map.of(), "1.0", "scale");
        INDArray x = Nd4j.createFromArray(new float[][][] {{{0.5f, 1f, -1f}}, {{0.25f, 2f, 1f}}});
        INDArray y = NirImport.toNetwork(g, null).output(x);
        // 2*0.5 = 1 >= 0.75, 0.5*1 < 0.75, -1*-1 = 1 >= 0.75 | 0.5 < 0.75, 1 >= 0.75, -1 < 0.75 (no memory)
        assertThat(y.reshape(6).toFloatVector()).containsExactly(1, 0, 1, 0, 1, 0);
    }
}
