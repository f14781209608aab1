package org.dl4j.snn.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;

/** Runs README's first example (5 epochs) on one recording per digit of the bundled N-MNIST sample. */
class SpikingNetworkExampleTest {

    @Test
    void trainsAndEvaluates(@TempDir Path root) throws IOException {
        Path sample = Path.of("data/nmnist-small");
        for (String split : new String[] {"Train", "Test"}) {
            for (int digit = 0; digit < 10; digit++) {
                Path dst = Files.createDirectories(root.resolve(split).resolve(String.valueOf(digit)));
                try (Stream<Path> files = Files.list(sample.resolve(split).resolve(String.valueOf(digit)))) {
                    Path first = files.filter(f -> f.toString().endsWith(".bin")).sorted().findFirst().orElseThrow();
                    Files.copy(first, dst.resolve(first.getFileName()));
                }
            }
        }
        Evaluation eval = SpikingNetworkExample.run(root);
        assertThat(eval.getNumRowCounter()).isEqualTo(10);
    }
}
