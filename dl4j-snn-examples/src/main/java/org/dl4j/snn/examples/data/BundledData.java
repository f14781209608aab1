package org.dl4j.snn.examples.data;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the real N-MNIST sample that ships with the project ({@code dl4j-snn-examples/data/nmnist-small}: 1,000
 * training and 100 test recordings), so that the default command trains offline from a fresh clone.
 */
public final class BundledData {
    static final String RELATIVE = "dl4j-snn-examples/data/nmnist-small";

    private BundledData() {}

    /**
     * The bundled sample's folder: looked up from the working directory upwards, then beside the running jar
     * ({@code dl4j-snn-examples/target/dl4j-snn.jar -> ../data/nmnist-small}).
     *
     * @throws IllegalStateException listing the places searched when none holds the sample
     */
    public static Path nmnistSample() {
        List<Path> tried = new ArrayList<>();
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve(RELATIVE);
            tried.add(p);
            if (isSample(p)) return p;
        }
        try {
            Path jar = Paths.get(BundledData.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path p = jar.getParent().resolve("../data/nmnist-small").normalize();
            tried.add(p);
            if (isSample(p)) return p;
        } catch (URISyntaxException | RuntimeException ignored) {
            // not run from a jar or classes folder: only the working-directory search applies
        }
        throw new IllegalStateException("The bundled N-MNIST sample was not found; looked in " + tried
                + ". Run from the repository (it lives in " + RELATIVE + ") or pass --root DIR with Train/ and Test/.");
    }

    private static boolean isSample(Path p) {
        return Files.isDirectory(p.resolve("Train")) && Files.isDirectory(p.resolve("Test"));
    }
}
