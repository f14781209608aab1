package org.dl4j.snn.nir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The shared NIR fixtures ({@code -Dsnn.nir.dir}, default {@code ../shared/nir} beside the repository): one folder
 * per case with model.nir, input.npy, sj_nir/ and case.json, and public/ sample files.
 */
public final class NirCases {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NirCases() {
    }

    public static Path root() {
        String dir = System.getProperty("snn.nir.dir");
        if (dir != null && !dir.isBlank()) return Paths.get(dir);
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("../shared/nir").normalize();
            if (Files.isRegularFile(c.resolve("manifest.json"))) return c;
        }
        throw new IllegalStateException("NIR fixtures not found: set -Dsnn.nir.dir=DIR (../shared/nir)");
    }

    /** Names of the shared cases, in manifest order. */
    public static List<String> names() {
        JsonNode cases = json(root().resolve("manifest.json")).get("cases");
        List<String> out = new ArrayList<>();
        if (cases.isArray()) {
            cases.forEach(c -> out.add(c.has("name") ? c.get("name").asText() : c.asText()));
        } else {
            cases.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    public static Path dir(String name) {
        return root().resolve(name);
    }

    public static JsonNode caseJson(String name) {
        return json(dir(name).resolve("case.json"));
    }

    public static double dt(String name) {
        return caseJson(name).get("dt").asDouble();
    }

    public static List<String> spikingNodes(String name) {
        List<String> out = new ArrayList<>();
        caseJson(name).get("spiking_nodes").forEach(n -> out.add(n.asText()));
        return out;
    }

    public static INDArray npy(Path file) {
        return Nd4j.createFromNpyFile(new File(file.toString()));
    }

    public static INDArray input(String name) {
        return npy(dir(name).resolve("input.npy"));
    }

    /** sj_nir/NODE.KIND.npy (kind s, v or h) or sj_nir/output.npy (node "output", kind null). */
    public static INDArray sjNir(String name, String node, String kind) {
        return npy(dir(name).resolve("sj_nir").resolve(kind == null ? node + ".npy" : node + "." + kind + ".npy"));
    }

    static JsonNode json(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
