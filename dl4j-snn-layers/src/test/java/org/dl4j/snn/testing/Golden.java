package org.dl4j.snn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The golden fixture folder (SpikingJelly reference values): its {@code manifest.json} and arrays.
 * The root comes from the system property {@code snn.golden.dir} (Maven sets it to {@code ../shared/golden}).
 */
public final class Golden {
    private final Path root;
    private final JsonNode manifest;

    private Golden(Path root) {
        this.root = root;
        Path m = root.resolve("manifest.json");
        if (!Files.isRegularFile(m)) {
            throw new IllegalStateException("golden fixtures not found: " + m.toAbsolutePath()
                    + " (set -Dsnn.golden.dir=DIR to a folder with manifest.json)");
        }
        try {
            this.manifest = new ObjectMapper().readTree(m.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixtures at {@code -Dsnn.golden.dir}, default {@code ../shared/golden} seen from the repository root. */
    public static Golden load() {
        String dir = System.getProperty("snn.golden.dir");
        Path p = dir != null && !dir.isBlank() ? Paths.get(dir) : locateDefault();
        return new Golden(p);
    }

    private static Path locateDefault() {
        Path here = Paths.get("").toAbsolutePath();
        for (Path d = here; d != null; d = d.getParent()) {
            Path candidate = d.resolve("../shared/golden").normalize();
            if (Files.isRegularFile(candidate.resolve("manifest.json"))) return candidate;
        }
        return here.resolve("../shared/golden").normalize();
    }

    public Path root() { return root; }

    /** Every case of the manifest, in order. */
    public List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Iterator<JsonNode> it = manifest.get("cases").elements(); it.hasNext(); ) {
            out.add(new Case(it.next()));
        }
        return out;
    }

    /** One manifest case: its JSON node and access to its arrays. */
    public final class Case {
        private final JsonNode node;

        Case(JsonNode node) { this.node = node; }

        public String name() { return node.get("name").asText(); }
        /** "neuron" or "loss". */
        public String kind() { return node.get("kind").asText(); }
        public JsonNode json() { return node; }
        public JsonNode config() { return node.get("config"); }
        public boolean has(String file) { return node.get("files").has(file); }

        public Npy.Array array(String file) {
            JsonNode f = node.get("files").get(file);
            if (f == null) throw new IllegalArgumentException("case " + name() + " has no file " + file);
            try {
                return Npy.read(root.resolve(f.get("file").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override public String toString() { return name(); }
    }
}
