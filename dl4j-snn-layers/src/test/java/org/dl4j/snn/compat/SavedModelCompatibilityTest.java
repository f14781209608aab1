package org.dl4j.snn.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Models saved by an earlier release keep loading: the zips under {@code src/test/resources/compat} were written by
 * {@link CompatModels#main} on commit e6d3a06 (before the package restructuring of issue 19); DL4J stored the fully
 * qualified names of every layer configuration, loss, surrogate, dropout and preprocessor in them. Each must load
 * and reproduce the outputs saved with it bit for bit, and train on.
 */
class SavedModelCompatibilityTest {
    @TempDir
    Path tmp;

    @Test
    void convNetSavedBeforeTheRestructureLoadsAndGivesIdenticalOutputs() throws IOException {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(resource("conv-net.zip"), true);
        assertThat(net.output(npy("conv-net.input.npy"))).isEqualTo(npy("conv-net.output.npy"));
        assertThat(net.getUpdater().getStateViewArray()).isNotNull();
        assertTrainsAndReloadsIdentically(net, npy("conv-net.input.npy"), CompatModels.labels(5));
    }

    @Test
    void denseNetWithVotingReadoutLoadsAndGivesIdenticalOutputs() throws IOException {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(resource("dense-net.zip"), true);
        assertThat(net.output(npy("dense-net.input.npy"))).isEqualTo(npy("dense-net.output.npy"));
        assertTrainsAndReloadsIdentically(net, npy("dense-net.input.npy"), CompatModels.labels(5));
    }

    @Test
    void graphWithTwoTemporalLossesLoadsAndGivesIdenticalOutputs() throws IOException {
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(resource("graph.zip"), true);
        INDArray[] out = graph.output(npy("graph.input.npy"));
        assertThat(out[0]).isEqualTo(npy("graph.output0.npy"));
        assertThat(out[1]).isEqualTo(npy("graph.output1.npy"));
        graph.fit(new INDArray[] {npy("graph.input.npy")},
                new INDArray[] {CompatModels.labels(3), CompatModels.labels(3)});
        File f = tmp.resolve("graph.zip").toFile();
        ModelSerializer.writeModel(graph, f, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(f, true);
        assertThat(back.getConfiguration()).isEqualTo(graph.getConfiguration());
        assertThat(back.params()).isEqualTo(graph.params());
        assertThat(back.output(npy("graph.input.npy"))[0]).isEqualTo(graph.output(npy("graph.input.npy"))[0]);
    }

    @Test
    void theFixtureNetworksStillBuildFromThePublicApi() {
        // The same builders that wrote the fixtures still describe the saved configurations.
        assertThat(new MultiLayerNetwork(CompatModels.convNet()).getLayerWiseConfigurations().toJson())
                .isEqualTo(CompatModels.convNet().toJson());
        assertThat(CompatModels.denseNet().getConfs()).hasSize(5);
        assertThat(CompatModels.graph().getVertices()).containsKeys("conv", "flat", "fc", "ro", "sdt", "lts");
    }

    private void assertTrainsAndReloadsIdentically(MultiLayerNetwork net, INDArray x, INDArray y) throws IOException {
        INDArray before = net.params().dup();
        net.fit(x, y);
        assertThat(net.params()).isNotEqualTo(before);
        File f = tmp.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertThat(back.getLayerWiseConfigurations()).isEqualTo(net.getLayerWiseConfigurations());
        assertThat(back.params()).isEqualTo(net.params());
        assertThat(back.output(x)).isEqualTo(net.output(x));
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = SavedModelCompatibilityTest.class.getResourceAsStream("/compat/" + name);
        if (in == null) {
            throw new IOException("missing test resource compat/" + name);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return new ByteArrayInputStream(buf.toByteArray());
    }

    private INDArray npy(String name) throws IOException {
        Path p = tmp.resolve(name);
        try (InputStream in = resource(name)) {
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return Nd4j.createFromNpyFile(p.toFile());
    }
}
