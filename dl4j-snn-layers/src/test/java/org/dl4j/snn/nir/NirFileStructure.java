package org.dl4j.snn.nir;

import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Structure check of a written .nir file with jHDF directly (not through NirGraph): the layout nir.read expects
 * (/version string, /node/type "NIRGraph", /node/edges [E, 2] strings naming existing nodes, /node/nodes/NAME/type
 * strings), the fields each NIR type needs, and their element types (weights float32, neuron parameters float64,
 * shapes / strides / dims int64).
 */
final class NirFileStructure {
    private NirFileStructure() {
    }

    private static final Map<String, Set<String>> REQUIRED = Map.ofEntries(
            Map.entry("Input", Set.of("shape")), Map.entry("Output", Set.of("shape")),
            Map.entry("Affine", Set.of("weight", "bias")), Map.entry("Linear", Set.of("weight")),
            Map.entry("Conv2d", Set.of("weight", "bias", "stride", "padding", "dilation", "groups", "input_shape")),
            Map.entry("IF", Set.of("r", "v_threshold", "v_reset")),
            Map.entry("LIF", Set.of("tau", "r", "v_leak", "v_threshold", "v_reset")),
            Map.entry("LI", Set.of("tau", "r", "v_leak")),
            Map.entry("CubaLIF", Set.of("tau_syn", "tau_mem", "r", "v_leak", "v_threshold", "v_reset", "w_in")),
            Map.entry("AvgPool2d", Set.of("kernel_size", "stride", "padding")),
            Map.entry("SumPool2d", Set.of("kernel_size", "stride", "padding")),
            Map.entry("Flatten", Set.of("start_dim", "end_dim", "input_type")),
            Map.entry("Threshold", Set.of("threshold")));

    private static final Set<String> INT_FIELDS = Set.of("shape", "stride", "padding", "dilation", "groups",
            "input_shape", "kernel_size", "start_dim", "end_dim", "input_type");

    static void check(Path file) {
        try (HdfFile h = new HdfFile(file)) {
            assertThat(((Dataset) h.getChild("version")).getData()).isInstanceOf(String.class);
            Group node = (Group) h.getChild("node");
            assertThat(((Dataset) node.getChild("type")).getData()).isEqualTo("NIRGraph");
            Group nodes = (Group) node.getChild("nodes");
            Object edges = ((Dataset) node.getChild("edges")).getData();
            assertThat(edges).isInstanceOf(String[][].class);
            Set<String> names = new HashSet<>(nodes.getChildren().keySet());
            for (String[] e : (String[][]) edges) {
                assertThat(e).hasSize(2);
                assertThat(names).contains(e[0], e[1]);
            }
            for (Map.Entry<String, Node> n : nodes.getChildren().entrySet()) {
                Group g = (Group) n.getValue();
                Object type = ((Dataset) g.getChild("type")).getData();
                assertThat(type).isInstanceOf(String.class);
                assertThat(REQUIRED).as("known NIR type").containsKey((String) type);
                assertThat(g.getChildren().keySet()).as(n.getKey()).containsAll(REQUIRED.get(type));
                for (Map.Entry<String, Node> f : g.getChildren().entrySet()) {
                    if (f.getKey().equals("type")) continue;
                    Dataset d = (Dataset) f.getValue();
                    String what = n.getKey() + "/" + f.getKey();
                    if (INT_FIELDS.contains(f.getKey())) {
                        assertThat(d.getDataType()).as(what).isInstanceOf(FixedPoint.class);
                        assertThat(d.getDataType().getSize()).as(what + " int64").isEqualTo(8);
                    } else {
                        assertThat(d.getDataType()).as(what).isInstanceOf(FloatingPoint.class);
                        int size = f.getKey().equals("weight") || f.getKey().equals("bias") ? 4 : 8;
                        assertThat(d.getDataType().getSize()).as(what + " float" + size * 8).isEqualTo(size);
                    }
                }
            }
            Group meta = (Group) node.getChild("metadata");
            assertThat(((Dataset) meta.getChild("dt")).getDataType()).isInstanceOf(FloatingPoint.class);
        }
    }
}
