package org.dl4j.snn.nir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Every shared case of ../shared/nir: importing model.nir and running input.npy reproduces what SpikingJelly computes
 * for the same file (sj_nir/): the output and every spiking node's spikes exactly, its potentials after charge (h)
 * and after reset (v) within the fixtures' v_atol = 1e-5; and import, export, read back gives the same graph and
 * the same outputs.
 */
class NirSharedCasesTest {
    private static final double V_ATOL = 1e-5;

    static Stream<String> cases() {
        return NirCases.names().stream();
    }

    private static NirModel imported(String c, boolean fuse) {
        return NirImport.read(NirCases.dir(c).resolve("model.nir"),
                NirImport.Options.defaults().withDt(NirCases.dt(c)).withFuse(fuse));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void runningTheImportedFileGivesSpikingJellysOutputAndSpikes(String c) {
        NirModel m = imported(c, true);
        INDArray x = NirCases.input(c);
        assertThat(m.output(x)).as(c + " output").isEqualTo(NirCases.sjNir(c, "output", null));
        for (String node : NirCases.spikingNodes(c)) {
            INDArray s = layerOutput(m, m.layerOf(node), x);
            assertThat(s).as(c + " spikes of " + node).isEqualTo(NirCases.sjNir(c, node, "s"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void potentialsOfEverySpikingNodeWithinTolerance(String c) {
        NirModel unfused = imported(c, false);
        INDArray x = NirCases.input(c);
        for (String node : NirCases.spikingNodes(c)) {
            INDArray[] hvs = NeuronProbe.potentials(unfused, node, x);
            assertThat(hvs[2]).as(c + " probe spikes of " + node).isEqualTo(NirCases.sjNir(c, node, "s"));
            System.out.printf("%s %s: max |dh| %.3g, max |dv| %.3g%n", c, node, maxAbs(hvs[0], NirCases.sjNir(c, node, "h")),
                    maxAbs(hvs[1], NirCases.sjNir(c, node, "v")));
            assertThat(maxAbs(hvs[0], NirCases.sjNir(c, node, "h"))).as(c + " h of " + node).isLessThanOrEqualTo(V_ATOL);
            assertThat(maxAbs(hvs[1], NirCases.sjNir(c, node, "v"))).as(c + " v of " + node).isLessThanOrEqualTo(V_ATOL);
        }
        // Unfused and fused imports compute the same.
        assertThat(unfused.output(x)).isEqualTo(imported(c, true).output(x));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importExportReadBackGivesTheSameGraphAndOutputs(String c, @TempDir Path tmp) {
        NirGraph original = NirGraph.read(NirCases.dir(c).resolve("model.nir"));
        NirModel m = imported(c, true);
        NirExport.Result r = NirExport.toGraph(m, null);
        assertThat(r.warnings()).isEmpty();
        Path file = tmp.resolve(c + ".nir");
        r.graph().write(file);
        NirGraph back = NirGraph.read(file);
        NirGraphs.assertSameGraph(original, back);
        assertThat(back.metadataDt()).isEqualTo(NirCases.dt(c));
        NirFileStructure.check(file);
        INDArray x = NirCases.input(c);
        NirModel again = NirImport.read(file, NirImport.Options.defaults());
        assertThat(again.output(x)).as(c + " output after the round trip").isEqualTo(m.output(x));
        assertThat(again.output(x)).isEqualTo(NirCases.sjNir(c, "output", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aComputationGraphImportComputesTheSame(String c) {
        NirModel g = NirImport.read(NirCases.dir(c).resolve("model.nir"),
                NirImport.Options.defaults().withDt(NirCases.dt(c)).withComputationGraph(true));
        assertThat(g.network()).isInstanceOf(ComputationGraph.class);
        INDArray x = NirCases.input(c);
        assertThat(g.output(x)).isEqualTo(NirCases.sjNir(c, "output", null));
        assertThat(imported(c, true).network()).isInstanceOf(MultiLayerNetwork.class);
    }

    static double maxAbs(INDArray a, INDArray b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        return Transforms.abs(a.castTo(b.dataType()).sub(b)).maxNumber().doubleValue();
    }

    /** The output of the layer named {@code layer}, time-major. */
    static INDArray layerOutput(NirModel m, String layer, INDArray timeMajor) {
        INDArray x = NirModel.toNetworkLayout(timeMajor);
        if (m.network() instanceof MultiLayerNetwork net) {
            List<INDArray> acts = net.feedForward(x, false);
            for (int i = 0; i < net.getnLayers(); i++) {
                if (layer.equals(net.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName())) {
                    return NirModel.toTimeMajor(acts.get(i + 1));
                }
            }
            throw new AssertionError("no layer " + layer);
        }
        Map<String, INDArray> acts = ((ComputationGraph) m.network()).feedForward(new INDArray[] {x}, false, false);
        return NirModel.toTimeMajor(acts.get(layer));
    }

    static <T> HashSet<T> set(List<T> l) {
        return new HashSet<>(l);
    }
}
