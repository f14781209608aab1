package org.dl4j.snn.nir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad files and graphs give a NirException naming the file, the node and what was expected. */
class NirBadFilesTest {
    @TempDir
    Path tmp;

    @Test
    void missingFileAndNotHdf5() throws Exception {
        assertThatThrownBy(() -> NirGraph.read(tmp.resolve("nope.nir"))).isInstanceOf(NirException.class)
                .hasMessageContaining("nope.nir").hasMessageContaining("no such file");
        Path junk = tmp.resolve("junk.nir");
        Files.writeString(junk, "not an hdf5 file at all");
        assertThatThrownBy(() -> NirGraph.read(junk)).isInstanceOf(NirException.class)
                .hasMessageContaining("junk.nir").hasMessageContaining("HDF5");
    }

    private NirGraph graph(Map<String, NirNode> nodes, List<NirEdge> edges) {
        return new NirGraph(nodes, edges, Map.of(), "1.0", "bad.nir");
    }

    private static Map<String, NirNode> chain(NirNode middle) {
        Map<String, NirNode> n = new LinkedHashMap<>();
        n.put("in", new NirNode("in", "Input", Map.of("shape", NirArray.int64(3))));
        n.put(middle.name(), middle);
        n.put("out", new NirNode("out", "Output", Map.of("shape", NirArray.int64(3))));
        return n;
    }

    private static List<NirEdge> edges(String middle) {
        return List.of(new NirEdge("in", middle), new NirEdge(middle, "out"));
    }

    @Test
    void unsupportedTypeNamesTheNodeAndType() {
        NirNode d = new NirNode("d1", "Delay", Map.of("delay", NirArray.float64(new double[] {1, 1, 1}, 3)));
        assertThatThrownBy(() -> NirImport.toNetwork(graph(chain(d), edges("d1")), null))
                .isInstanceOf(NirException.class).hasMessageContaining("bad.nir").hasMessageContaining("'d1'")
                .hasMessageContaining("Delay").hasMessageContaining("not supported");
    }

    @Test
    void wrongWeightShapeNamesTheNodeAndTheExpectedShape() {
        NirNode a = new NirNode("fc", "Linear", Map.of("weight", NirArray.float32(new double[8], 2, 4)));
        assertThatThrownBy(() -> NirImport.toNetwork(graph(chain(a), edges("fc")), null))
                .isInstanceOf(NirException.class).hasMessageContaining("'fc' (Linear)")
                .hasMessageContaining("expects 4 inputs");
    }

    @Test
    void missingNeuronFieldAndEdgeToUnknownNode() {
        NirNode lif = new NirNode("lif", "LIF", Map.of("tau", NirArray.float64(new double[] {2e-4, 2e-4, 2e-4}, 3)));
        assertThatThrownBy(() -> NirImport.toNetwork(graph(chain(lif), edges("lif")), null))
                .isInstanceOf(NirException.class).hasMessageContaining("'lif' (LIF)")
                .hasMessageContaining("missing field 'r'");
        assertThatThrownBy(() -> NirImport.toNetwork(graph(chain(lif), List.of(new NirEdge("in", "ghost"))), null))
                .isInstanceOf(NirException.class).hasMessageContaining("'ghost'");
    }

    @Test
    void tauShorterThanDtIsExplained() {
        Map<String, NirArray> f = new LinkedHashMap<>();
        f.put("tau", NirArray.filled64(2e-4, 3));
        f.put("r", NirArray.filled64(1, 3));
        f.put("v_leak", NirArray.filled64(0, 3));
        f.put("v_threshold", NirArray.filled64(1, 3));
        NirNode lif = new NirNode("lif", "LIF", f);
        assertThatThrownBy(() -> NirImport.toNetwork(graph(chain(lif), edges("lif")),
                NirImport.Options.defaults().withDt(1e-3)))
                .isInstanceOf(NirException.class).hasMessageContaining("'lif' (LIF)")
                .hasMessageContaining("tau/dt >= 1");
    }
}
