package org.dl4j.snn.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The third-party sample files of ../shared/nir/public each import and run, or fail with a NirException naming the
 * file, the node and the reason (never another exception).
 */
class NirPublicSamplesTest {

    private static Path file(String name) {
        return NirCases.root().resolve("public").resolve(name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lif_norse.nir, 1", "cnn_sinabs.nir, 2"})
    void importsAndRuns(String name, int batch) {
        NirModel m = NirImport.read(file(name), NirImport.Options.defaults());
        NirGraph g = NirGraph.read(file(name));
        long[] in = g.nodesOfType("Input").get(0).field("shape").longs();
        long[] shape = new long[in.length + 2];
        shape[0] = 5;
        shape[1] = batch;
        System.arraycopy(in, 0, shape, 2, in.length);
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, shape).gt(0.7).castTo(DataType.FLOAT);
        INDArray y = m.output(x);
        assertThat(y.size(0)).isEqualTo(5);
        assertThat(y.size(1)).isEqualTo(batch);
        assertThat(m.warnings()).anyMatch(w -> w.contains("dt = 1.0E-4"));
    }

    @Test
    void norseLifIntegratesWithTauOf25Steps() {
        // W = [[1]], tau = 0.0025 s = 25 steps at dt 1e-4, r = 1 (decay input), threshold 0.1: a constant input 1
        // charges H = V + (1 - V)/25, which passes 0.1 at the third step (1/25, 0.0784, 0.1153).
        NirModel m = NirImport.read(file("lif_norse.nir"), NirImport.Options.defaults());
        INDArray y = m.output(Nd4j.ones(DataType.FLOAT, 4, 1, 1));
        assertThat(y.reshape(4).toFloatVector()).containsExactly(0, 0, 1, 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "lif_rockpool.nir|'1_LIFNeuronTorch'|r = 24.0197",
            "two_lif_neurons.nir|'lif1'|v_leak = 1.2",
            "braille_noDelay_bias_zero.nir|lif1.w_rec|recurrent",
            "braille_noDelay_noBias_subtract.nir|lif1.w_rec|recurrent",
            "braille_noDelay_bias_zero_subgraph.nir|'lif1'|nested"})
    void refusedWithTheNodeAndTheReason(String name, String node, String reason) {
        assertThatThrownBy(() -> NirImport.read(file(name), NirImport.Options.defaults()))
                .isInstanceOf(NirException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(node)
                .hasMessageContaining(reason);
    }

    @Test
    void everySampleReadsWithItsNodesAndEdges() {
        for (String name : new String[] {"lif_norse.nir", "lif_rockpool.nir", "two_lif_neurons.nir", "cnn_sinabs.nir",
                "braille_noDelay_bias_zero.nir", "braille_noDelay_noBias_subtract.nir",
                "braille_noDelay_bias_zero_subgraph.nir"}) {
            NirGraph g = NirGraph.read(file(name));
            assertThat(g.nodes()).as(name).isNotEmpty();
            assertThat(g.edges()).as(name).isNotEmpty();
            assertThat(g.version()).as(name).isNotBlank();
        }
        assertThat(NirGraph.read(file("cnn_sinabs.nir")).nodes()).hasSize(15);
        assertThat(Arrays.asList(NirGraph.read(file("lif_norse.nir")).version())).containsExactly("0.1.1");
    }
}
