package org.dl4j.snn.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * The layer configurations write the JSON they wrote before they were built from parts: every layer of the models
 * saved before the restructure (see {@link SavedModelCompatibilityTest}), read and written again, has the same
 * properties with the same values. The one exception is TimeConv's {@code "neuron": null}: a TimeConv has no neuron
 * any more, and the property is ignored when an old model is read.
 */
class SavedConfigurationJsonTest {
    /** Fails on a property written twice (a layer's getter beside its synapse's property, say). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Test
    void multiLayerConfigurationsWriteTheSameLayerJsonAsBefore() throws IOException {
        for (String model : new String[] {"conv-net.zip", "dense-net.zip"}) {
            String saved = configurationJson(model);
            String written = MultiLayerConfiguration.fromJson(saved).toJson();
            assertSameLayers(model, layers(JSON.readTree(saved).get("confs")), layers(JSON.readTree(written)
                    .get("confs")));
        }
    }

    @Test
    void graphConfigurationsWriteTheSameLayerJsonAsBefore() throws IOException {
        String saved = configurationJson("graph.zip");
        String written = ComputationGraphConfiguration.fromJson(saved).toJson();
        assertSameLayers("graph.zip", vertexLayers(JSON.readTree(saved)), vertexLayers(JSON.readTree(written)));
    }

    private static void assertSameLayers(String model, List<JsonNode> saved, List<JsonNode> written) {
        assertThat(written).hasSameSizeAs(saved);
        for (int i = 0; i < saved.size(); i++) {
            ObjectNode before = (ObjectNode) saved.get(i).deepCopy();
            if (before.get("@class").asText().equals("org.dl4j.snn.layers.TimeConv")) {
                assertThat(before.get("neuron").isNull()).isTrue();
                before.remove("neuron");
            }
            assertThat(written.get(i)).as(model + " layer " + i + " (" + before.get("@class") + ")").isEqualTo(before);
        }
    }

    private static List<JsonNode> layers(JsonNode confs) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : confs) out.add(c.get("layer"));
        return out;
    }

    private static List<JsonNode> vertexLayers(JsonNode graph) {
        List<JsonNode> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = graph.get("vertices").fields(); it.hasNext(); ) {
            JsonNode layerConf = it.next().getValue().get("layerConf");
            if (layerConf != null) out.add(layerConf.get("layer"));
        }
        return out;
    }

    /** The configuration.json that DL4J wrote into a model zip of {@code src/test/resources/compat}. */
    private static String configurationJson(String zip) throws IOException {
        try (InputStream in = SavedConfigurationJsonTest.class.getResourceAsStream("/compat/" + zip);
             ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                if (e.getName().equals("configuration.json")) {
                    return new String(z.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new IOException(zip + " has no configuration.json");
    }
}
