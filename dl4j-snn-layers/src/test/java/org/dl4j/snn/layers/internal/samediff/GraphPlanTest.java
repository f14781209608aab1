package org.dl4j.snn.layers.internal.samediff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link GraphPlan} against SameDiff's own execution of the same graph. */
class GraphPlanTest {

    /** x [b, 3] -> tanh(x W + b) * 2 - sum over the batch axis kept as a scalar offset; loss sum(out * eps). */
    private static SameDiff graph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 3);
        SDVariable w = sd.var("w", Nd4j.linspace(-1, 1, 12, DataType.DOUBLE).reshape(3, 4));
        SDVariable b = sd.var("b", Nd4j.linspace(0.1, 0.4, 4, DataType.DOUBLE));
        SDVariable h = sd.math.tanh(x.mmul(w).add(b)).mul(2.0);
        SDVariable out = h.sub(h.mean(0)).rename("out");
        SDVariable eps = sd.placeHolder("eps", DataType.DOUBLE, -1, 4);
        sd.setLossVariables(out.mul(eps).sum());
        return sd;
    }

    private static INDArray input(int batch, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, batch, 3).subi(0.5);
    }

    @Test
    void planComputesTheSessionsOutputsBitForBitAcrossBatchSizes() {
        SameDiff sd = graph();
        GraphPlan plan = GraphPlan.of(sd, List.of("out")).orElseThrow();
        for (int batch : new int[] {2, 5, 2}) {
            INDArray x = input(batch, batch);
            INDArray expected = sd.output(Map.of("x", x), "out").get("out");
            INDArray actual = plan.run(Map.of("x", x)).get("out");
            assertThat(actual.shape()).containsExactly(batch, 4);
            assertThat(actual.toDoubleMatrix()).isEqualTo(expected.toDoubleMatrix());
        }
    }

    @Test
    void gradientPlansFedTheOutputGradientOrTheKeptForwardValuesMatchCalculateGradients() {
        SameDiff sd = graph();
        sd.createGradFunction("x");
        SameDiff grad = sd.getFunction("grad");
        List<String> names = List.of("x", "w", "b");
        List<String> gradNames = names.stream().map(n -> sd.getVariable(n).getGradient().name()).toList();
        String outGrad = sd.getVariable("out").getGradient().name();
        GraphPlan full = GraphPlan.of(grad, gradNames).orElseThrow();
        GraphPlan fed = GraphPlan.of(grad, gradNames, Set.of(outGrad)).orElseThrow();
        GraphPlan forward = GraphPlan.of(sd, List.of("out")).orElseThrow();
        Set<String> forwardValues = new java.util.HashSet<>(forward.computedNames());
        forwardValues.add(outGrad);
        GraphPlan backwardOnly = GraphPlan.of(grad, gradNames, forwardValues).orElseThrow();
        assertThat(backwardOnly.inputNames()).contains(outGrad);
        assertThat(backwardOnly.computedNames()).as("forward values recomputed")
                .doesNotContainAnyElementsOf(forward.computedNames());
        assertThat(full.computedNames()).containsAll(forward.computedNames());
        for (int batch : new int[] {3, 4}) {
            INDArray x = input(batch, 10 + batch);
            INDArray eps = input(batch, 20 + batch).reshape(batch, 3).getColumns(0, 1, 2, 0).dup();
            Map<String, INDArray> expected = sd.calculateGradients(Map.of("x", x, "eps", eps), names);
            Map<String, INDArray> viaLoss = full.run(Map.of("x", x, "eps", eps));
            Map<String, INDArray> viaFeed = fed.run(Map.of("x", x, outGrad, eps));
            GraphPlan.Results kept = forward.runKeeping(Map.of("x", x));
            Map<String, INDArray> feeds = new java.util.HashMap<>();
            for (String name : backwardOnly.inputNames()) feeds.put(name, kept.get(name));
            feeds.put("x", x);
            feeds.put(outGrad, eps);
            Map<String, INDArray> viaKept = backwardOnly.run(feeds);
            for (int i = 0; i < names.size(); i++) {
                double[] want = expected.get(names.get(i)).dup().reshape(-1).toDoubleVector();
                assertThat(viaLoss.get(gradNames.get(i)).dup().reshape(-1).toDoubleVector())
                        .as("d/d" + names.get(i) + " through the loss").isEqualTo(want);
                assertThat(viaFeed.get(gradNames.get(i)).dup().reshape(-1).toDoubleVector())
                        .as("d/d" + names.get(i) + " with the output gradient fed").isEqualTo(want);
                assertThat(viaKept.get(gradNames.get(i)).dup().reshape(-1).toDoubleVector())
                        .as("d/d" + names.get(i) + " from the kept forward values").isEqualTo(want);
            }
        }
    }

    @Test
    void missingInputIsNamed() {
        GraphPlan plan = GraphPlan.of(graph(), List.of("out")).orElseThrow();
        assertThatThrownBy(() -> plan.run(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"x\"");
    }

    @Test
    void graphWithControlFlowGetsNoPlan() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 2);
        SDVariable out = sd.ifCond("out", null, s -> x.sum().gt(0), s -> x.mul(2), s -> x.neg());
        assertThat(GraphPlan.of(sd, List.of(out.name()))).isEmpty();
    }
}
