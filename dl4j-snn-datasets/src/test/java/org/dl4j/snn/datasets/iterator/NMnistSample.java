package org.dl4j.snn.datasets.iterator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real N-MNIST sample of the shared data folder, and copies of parts of it for tests that modify files. */
public final class NMnistSample {
    public static final Path ROOT = Path.of(System.getProperty("snn.shared.dir"), "data", "nmnist-small");

    private NMnistSample() {
    }

    /** Copies the first {@code perDigit} files of each digit of {@code Train} to {@code dir/Train}. */
    public static Path copyTrain(Path dir, int perDigit) throws IOException {
        for (int d = 0; d < 10; d++) {
            Path to = Files.createDirectories(dir.resolve("Train").resolve(Integer.toString(d)));
            try (Stream<Path> files = Files.list(ROOT.resolve("Train").resolve(Integer.toString(d)))) {
                List<Path> first = files.sorted().limit(perDigit).toList();
                for (Path f : first) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return dir;
    }
}
