package org.dl4j.snn.examples.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's conversion code block is quoted from {@link ConversionExample} (which ConvertCommandTest runs): every
 * line of the block must be a line of the class, so the README cannot drift from code that compiles and runs.
 */
class ReadmeConversionExampleTest {

    @Test
    void readmeBlockIsQuotedFromTheExample() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        int heading = readme.indexOf("## Converting a trained ANN into a spiking network");
        assertThat(heading).as("README section").isNotNegative();
        int open = heading;
        while (!readme.get(open).equals("```java")) {
            open++;
        }
        int close = open + 1;
        while (!readme.get(close).equals("```")) {
            close++;
        }
        List<String> block = readme.subList(open + 1, close).stream().map(String::strip).filter(s -> !s.isEmpty())
                .toList();
        Set<String> source = Files.readAllLines(Path.of("src/main/java/org/dl4j/snn/examples/convert/"
                + "ConversionExample.java")).stream().map(String::strip).collect(Collectors.toSet());
        assertThat(block).hasSizeGreaterThan(15);
        assertThat(source).containsAll(block);
    }
}
