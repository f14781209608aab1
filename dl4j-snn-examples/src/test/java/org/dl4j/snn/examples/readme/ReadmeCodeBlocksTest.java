package org.dl4j.snn.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dl4j.snn.examples.cli.SnnCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * README.md cannot rot: every {@code ```java} block of it is a region of an example class that the build compiles
 * and a test runs, every such region is quoted by README, the README's dependency snippet names this build's version,
 * and every {@code java -jar .../dl4j-snn.jar ...} command line of its shell blocks parses.
 *
 * <p>A region is the lines between {@code // tag::NAME[]} and {@code // end::NAME[]} in a file under
 * {@code src/main/java} (the asciidoctor convention); a block equals a region when their lines are the same after
 * removing the region's common indentation and trailing blanks. A file whose region is named {@code imports} must
 * keep all its imports inside it, so an import block in README is complete for the code quoted beside it.
 */
class ReadmeCodeBlocksTest {
    private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w-]+)\\[]\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// end::([\\w-]+)\\[]\\s*$");
    private static final String JAR = "java -jar dl4j-snn-examples/target/dl4j-snn.jar";

    /** A fenced block of README: its language, first line number (1-based) and lines. */
    record Block(String language, int line, List<String> lines) {
    }

    private static List<String> readme;
    private static List<Block> blocks;
    private static Map<String, List<String>> regions;

    @BeforeAll
    static void read() throws IOException {
        readme = Files.readAllLines(Path.of("..", "README.md"));
        blocks = blocks(readme);
        regions = regions(Path.of("src/main/java"));
    }

    @Test
    void everyJavaBlockIsARegionOfAnExampleClass() {
        List<Block> java = blocks.stream().filter(b -> b.language().equals("java")).toList();
        assertThat(java).as("README's java blocks").hasSizeGreaterThanOrEqualTo(6);
        for (Block b : java) {
            List<String> block = trim(b.lines());
            boolean found = regions.values().stream().anyMatch(r -> r.equals(block));
            assertThat(found).as("README line %d: the java block is no region of an example class:%n%s",
                    b.line(), closest(block)).isTrue();
        }
    }

    @Test
    void everyRegionIsQuotedInReadme() {
        List<List<String>> java = blocks.stream().filter(b -> b.language().equals("java"))
                .map(b -> trim(b.lines())).toList();
        assertThat(regions).as("tagged regions under src/main/java").isNotEmpty();
        regions.forEach((name, region) -> assertThat(java).as("README quotes the region %s", name)
                .contains(region));
    }

    /**
     * A quoted region runs in the build: the test named here for its file calls the region's method of the example
     * class (a new region needs its file and test listed, so no README code lives only in a class no test runs).
     */
    @Test
    void everyRegionIsInAnExampleThatATestRuns() throws IOException {
        Map<String, String> runs = Map.of(
                "org/dl4j/snn/examples/readme/SpikingNetworkExample.java#network",
                "org/dl4j/snn/examples/readme/SpikingNetworkExampleTest.java:SpikingNetworkExample.run(",
                "org/dl4j/snn/examples/readme/MnistToSpiking.java#imports",
                "org/dl4j/snn/examples/readme/MnistToSpikingTest.java:MnistToSpiking.mlp(",
                "org/dl4j/snn/examples/readme/MnistToSpiking.java#mlp",
                "org/dl4j/snn/examples/readme/MnistToSpikingTest.java:MnistToSpiking.mlp(",
                "org/dl4j/snn/examples/readme/MnistToSpiking.java#cnn",
                "org/dl4j/snn/examples/readme/MnistToSpikingTest.java:MnistToSpiking.cnn(",
                "org/dl4j/snn/examples/readme/SpikingNetworkExample.java#imports",
                "org/dl4j/snn/examples/readme/SpikingNetworkExampleTest.java:SpikingNetworkExample.run(",
                "org/dl4j/snn/examples/convert/ConversionExample.java#conversion",
                "org/dl4j/snn/examples/cli/ConvertCommandTest.java:ConversionExample.run(",
                "org/dl4j/snn/examples/nir/NirRoundTripExample.java#nir",
                "org/dl4j/snn/examples/nir/NirRoundTripExampleTest.java:NirRoundTripExample.run(",
                "org/dl4j/snn/examples/readme/ParallelTrainingExample.java#parallel",
                "org/dl4j/snn/examples/scaleout/WorkersNetTest.java:ParallelTrainingExample.fit(");
        assertThat(runs.keySet()).as("the regions and the tests that run them").isEqualTo(regions.keySet());
        for (Map.Entry<String, String> e : runs.entrySet()) {
            String[] test = e.getValue().split(":", 2);
            String source = Files.readString(Path.of("src/test/java").resolve(test[0]));
            assertThat(source).as("%s runs %s", test[0], e.getKey()).contains(test[1]);
        }
    }

    @Test
    void importRegionsHoldEveryImportOfTheirFile() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                int open = lines.indexOf("// tag::imports[]");
                if (open < 0) {
                    continue;
                }
                int close = lines.indexOf("// end::imports[]");
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).startsWith("import ")) {
                        assertThat(i).as("%s line %d: an import outside the imports region", f, i + 1)
                                .isBetween(open, close);
                    }
                }
            }
        }
    }

    @Test
    void dependencySnippetNamesThisVersion() throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher v = Pattern.compile("<artifactId>dl4j-snn-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(v.find()).isTrue();
        String xml = blocks.stream().filter(b -> b.language().equals("xml"))
                .map(b -> String.join("\n", b.lines())).reduce("", String::concat);
        Matcher dep = Pattern.compile("<groupId>org\\.dl4j\\.snn</groupId>\\s*<artifactId>([^<]+)</artifactId>"
                + "\\s*<version>([^<]+)</version>").matcher(xml);
        int count = 0;
        while (dep.find()) {
            assertThat(dep.group(2)).as("README's version of %s", dep.group(1)).isEqualTo(v.group(1));
            count++;
        }
        assertThat(count).as("org.dl4j.snn dependencies in README's xml blocks").isGreaterThanOrEqualTo(2);
    }

    /**
     * Every {@code java -jar dl4j-snn-examples/target/dl4j-snn.jar ...} line of a shell block parses with the
     * command line's own parser (nothing runs). README's notation is read as a user would type it: a trailing
     * {@code # comment} is dropped, {@code [--opt value]} is taken, and {@code a|b|c} is the first choice.
     */
    @Test
    void everyJarCommandLineParses() {
        int count = 0;
        for (Block b : blocks) {
            if (!b.language().isEmpty()) {
                continue;
            }
            for (int i = 0; i < b.lines().size(); i++) {
                String line = b.lines().get(i);
                int at = line.indexOf(JAR);
                if (at < 0) {
                    continue;
                }
                String args = line.substring(at + JAR.length()).replaceAll("\\s#.*$", "")
                        .replace("[", "").replace("]", "").strip();
                List<String> argv = new ArrayList<>();
                for (String token : args.isEmpty() ? new String[0] : args.split("\\s+")) {
                    argv.add(token.split("\\|")[0]);
                }
                int lineNo = b.line() + i;
                try {
                    SnnCli.commandLine().parseArgs(argv.toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    throw new AssertionError("README line " + lineNo + ": " + line.strip() + "\n  " + e.getMessage(),
                            e);
                }
                count++;
            }
        }
        assertThat(count).as("java -jar command lines in README").isGreaterThanOrEqualTo(20);
    }

    static List<Block> blocks(List<String> lines) {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String open = lines.get(i).strip();
            if (!open.startsWith("```")) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            out.add(new Block(open.substring(3).strip(), start + 1, lines.subList(start, end)));
            i = end;
        }
        return out;
    }

    /** Regions by "file#name", their lines without the common indentation. */
    static Map<String, List<String>> regions(Path root) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher tag = TAG.matcher(lines.get(i));
                    if (!tag.matches()) {
                        continue;
                    }
                    int end = i + 1;
                    while (end < lines.size() && !(END.matcher(lines.get(end)).matches()
                            && lines.get(end).contains("::" + tag.group(1) + "["))) {
                        end++;
                    }
                    assertThat(end).as("%s line %d: no // end::%s[]", f, i + 1, tag.group(1)).isLessThan(lines.size());
                    String key = root.relativize(f) + "#" + tag.group(1);
                    assertThat(out).as("region names are unique per file").doesNotContainKey(key);
                    out.put(key, trim(lines.subList(i + 1, end)));
                }
            }
        }
        return out;
    }

    /** Without the common indentation, trailing blanks, and blank lines at both ends. */
    static List<String> trim(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>(lines.stream()
                .map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList());
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** The region sharing the most lines with {@code block}, and their first difference. */
    private static String closest(List<String> block) {
        String best = null;
        long bestCommon = -1;
        for (Map.Entry<String, List<String>> r : regions.entrySet()) {
            long common = block.stream().filter(r.getValue()::contains).count();
            if (common > bestCommon) {
                bestCommon = common;
                best = r.getKey();
            }
        }
        if (best == null) {
            return "(no regions)";
        }
        List<String> region = regions.get(best);
        int i = 0;
        while (i < Math.min(block.size(), region.size()) && block.get(i).equals(region.get(i))) {
            i++;
        }
        return "closest region " + best + ", first difference at block line " + (i + 1) + ":\n  README: "
                + (i < block.size() ? block.get(i) : "(end)") + "\n  region: "
                + (i < region.size() ? region.get(i) : "(end)");
    }
}
