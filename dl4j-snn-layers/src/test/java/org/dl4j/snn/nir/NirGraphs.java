package org.dl4j.snn.nir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;

/** Graph comparison for round trips: same nodes, types, edges and field values (dtype-insensitive, 1e-6 relative). */
final class NirGraphs {
    private NirGraphs() {
    }

    static void assertSameGraph(NirGraph expected, NirGraph actual) {
        assertThat(actual.nodes().keySet()).as("node names").isEqualTo(expected.nodes().keySet());
        assertThat(new HashSet<>(actual.edges())).as("edges").isEqualTo(new HashSet<>(expected.edges()));
        assertThat(actual.edges()).hasSameSizeAs(expected.edges());
        for (NirNode e : expected.nodes().values()) {
            NirNode a = actual.nodes().get(e.name());
            assertThat(a.type()).as("type of " + e.name()).isEqualTo(e.type());
            for (var f : e.fields().entrySet()) {
                String what = e.name() + "." + f.getKey();
                if (f.getKey().equals("input_type") || f.getKey().equals("output_type")) continue;
                NirArray ev = f.getValue();
                NirArray av = a.field(f.getKey());
                assertThat(av).as(what).isNotNull();
                if (ev.dtype().isInteger() && ev.isScalar() && av.size() == 2) {
                    // a Python int written as a scalar (SpikingJelly's AvgPool2d) vs the same value for H and W
                    assertThat(av.get(0)).as(what).isEqualTo(ev.get(0));
                    assertThat(av.get(1)).as(what).isEqualTo(ev.get(0));
                    continue;
                }
                assertThat(av.size()).as(what + " size").isEqualTo(ev.size());
                if (ev.rank() > 1 || av.rank() > 1) assertThat(av.shape()).as(what + " shape").isEqualTo(ev.shape());
                assertThat(av.dtype().isInteger()).as(what + " integer").isEqualTo(ev.dtype().isInteger());
                for (int i = 0; i < ev.size(); i++) {
                    double x = ev.get(i);
                    double y = av.get(i);
                    assertThat(Math.abs(x - y)).as(what + "[" + i + "] " + x + " vs " + y)
                            .isLessThanOrEqualTo(1e-6 * Math.max(1e-30, Math.max(Math.abs(x), Math.abs(y))));
                }
            }
        }
    }
}
