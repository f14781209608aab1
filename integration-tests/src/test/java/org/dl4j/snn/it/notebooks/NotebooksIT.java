package org.dl4j.snn.it.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes every notebook of {@code dl4j-snn-examples/notebooks} headless, as {@code jupyter nbconvert --execute}, on
 * the "Java (dl4j-snn)" kernel that {@code install-kernel.sh} installs into a folder under {@code target}. A notebook
 * passes when nbconvert exits with 0, every code cell ran and no cell produced an error output.
 *
 * <p>Needs Debian's Jupyter ({@code jupyter-notebook python3-nbconvert python3-nbclient python3-ipykernel}, run by
 * {@code /usr/bin/python3}, or {@code -Dsnn.jupyter.python=...}), a JDK (the kernel compiles cells with JShell),
 * the runnable jar ({@code snn.cli.jar}) and the kernel jar that the pom copies from Maven Central
 * ({@code snn.notebooks.kernel.jar}). Nothing is written outside {@code snn.notebooks.work} (Jupyter's config, data
 * and runtime folders point there). {@code -Dsnn.notebooks.dir=DIR} runs the notebooks of another folder that holds
 * {@code install-kernel.sh} and {@code kernel/} as this one does.
 */
class NotebooksIT {
    private static final Logger LOG = LoggerFactory.getLogger(NotebooksIT.class);
    private static final String KERNEL = "dl4j-snn";
    private static final String QUICK_START = "01-quick-start";
    /** The kernel's share of a notebook's time; each notebook is meant to run in well under 2 minutes on 2 cores. */
    private static final int CELL_TIMEOUT_S = 600;
    private static final long NOTEBOOK_TIMEOUT_S = 900;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path notebooks;
    private static Path work;
    private static String python;

    @BeforeAll
    static void installKernel() throws Exception {
        Path repo = Paths.get(System.getProperty("snn.repo.dir", "..")).toAbsolutePath().normalize();
        // snn.notebooks.dir: another folder laid out like dl4j-snn-examples/notebooks (e.g. to see a broken copy fail).
        notebooks = Paths.get(System.getProperty("snn.notebooks.dir",
                repo.resolve("dl4j-snn-examples/notebooks").toString())).toAbsolutePath().normalize();
        work = Paths.get(System.getProperty("snn.notebooks.work", "target/notebooks-it")).toAbsolutePath();
        python = System.getProperty("snn.jupyter.python", "/usr/bin/python3");
        Path cliJar = Paths.get(System.getProperty("snn.cli.jar", "../dl4j-snn-examples/target/dl4j-snn.jar"));
        Path kernelJar = Paths.get(System.getProperty("snn.notebooks.kernel.jar",
                "target/jupyter-kernel/rapaio-jupyter-kernel-3.0.1.jar"));
        assertThat(cliJar).as("the runnable jar (built by mvn package)").isRegularFile();
        assertThat(kernelJar).as("the Jupyter kernel jar (copied by the pom's maven-dependency-plugin)")
                .isRegularFile();

        Run version = run(List.of(python, "-m", "nbconvert", "--version"), notebooks, 120);
        assertThat(version.exitCode())
                .as("nbconvert under %s; install Debian's jupyter-notebook python3-nbconvert python3-nbclient "
                        + "python3-ipykernel (or pass -Dsnn.jupyter.python=...):\n%s", python, version.output())
                .isZero();

        Files.createDirectories(work);
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Run install = run(List.of("bash", notebooks.resolve("install-kernel.sh").toString(),
                "--jar", cliJar.toAbsolutePath().toString(),
                "--kernel-jar", kernelJar.toAbsolutePath().toString(),
                "--kernels-dir", work.resolve("jupyter/kernels").toString(),
                "--java", java.toString(),
                "--jvm-opts", "-Xmx2g"), notebooks, 300);
        assertThat(install.exitCode()).as("install-kernel.sh:\n%s", install.output()).isZero();
        Path kernelJson = work.resolve("jupyter/kernels/" + KERNEL + "/kernel.json");
        assertThat(kernelJson).isRegularFile();
        // The cells run in the kernel's JVM, which must have the Vector API for the SIMD loops.
        assertThat(Files.readString(kernelJson)).contains("\"--add-modules=jdk.incubator.vector\"", "\"-Xmx2g\"");
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsWithoutAnErrorCell() throws IOException {
        List<Path> found;
        try (Stream<Path> files = Files.list(notebooks)) {
            found = files.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        }
        assertThat(found).as("notebooks in %s", notebooks).hasSizeGreaterThanOrEqualTo(3);
        return found.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            JsonNode executed = execute(nb);
            if (nb.getFileName().toString().startsWith(QUICK_START)) {
                checkQuickStart(executed);
            }
        }));
    }

    /** The quick start trains, reports a test accuracy well above chance and shows its plots. */
    private static void checkQuickStart(JsonNode nb) {
        StringBuilder stdout = new StringBuilder();
        int images = 0;
        for (JsonNode cell : nb.path("cells")) {
            for (JsonNode output : cell.path("outputs")) {
                if ("stream".equals(output.path("output_type").asText())
                        && "stdout".equals(output.path("name").asText())) {
                    stdout.append(text(output.path("text")));
                }
                if (output.path("data").has("image/png")) {
                    images++;
                }
            }
        }
        Matcher m = Pattern.compile("(?m)^test accuracy: (\\d\\.\\d{4})$").matcher(stdout);
        assertThat(m.find()).as("a line 'test accuracy: 0.NNNN' in:\n%s", stdout).isTrue();
        // One epoch on 1,000 recordings reaches about 0.6; 0.3 is three times chance (10 classes).
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(0.3);
        assertThat(images).as("PNG plots shown by the quick start").isGreaterThanOrEqualTo(2);
    }

    /** Runs one notebook through nbconvert and checks the executed copy cell by cell. */
    private static JsonNode execute(Path notebook) throws Exception {
        Path out = work.resolve("executed");
        Files.createDirectories(out);
        long start = System.nanoTime();
        // --allow-errors: nbconvert runs every cell and writes the notebook, so the checks below can name every
        // failing cell; the error outputs still fail the test.
        Run run = run(List.of(python, "-m", "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
                "--ExecutePreprocessor.timeout=" + CELL_TIMEOUT_S,
                "--ExecutePreprocessor.startup_timeout=120",
                "--ExecutePreprocessor.kernel_name=" + KERNEL,
                "--output-dir", out.toString(), notebook.toString()), notebook.getParent(), NOTEBOOK_TIMEOUT_S);
        LOG.info("{} executed in {} s", notebook.getFileName(), (System.nanoTime() - start) / 1_000_000_000L);
        assertThat(run.exitCode()).as("nbconvert --execute %s:\n%s", notebook.getFileName(), run.output()).isZero();

        Path executed = out.resolve(notebook.getFileName());
        assertThat(executed).as("the executed notebook").isRegularFile();
        JsonNode nb = JSON.readTree(executed.toFile());
        List<String> problems = new ArrayList<>();
        int index = 0;
        for (JsonNode cell : nb.path("cells")) {
            if ("code".equals(cell.path("cell_type").asText())) {
                String where = notebook.getFileName() + " cell " + index + ":\n" + text(cell.path("source"));
                if (cell.path("execution_count").isNull() || cell.path("execution_count").isMissingNode()) {
                    problems.add("not executed: " + where);
                }
                for (JsonNode output : cell.path("outputs")) {
                    if ("error".equals(output.path("output_type").asText())) {
                        problems.add(output.path("ename").asText() + ": " + output.path("evalue").asText() + "\n"
                                + stripAnsi(text(output.path("traceback"))) + "\nin " + where);
                    }
                }
            }
            index++;
        }
        assertThat(problems).as("failing cells of %s (kernel log:\n%s)", notebook.getFileName(), run.output())
                .isEmpty();
        return nb;
    }

    private static String text(JsonNode node) {
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            node.forEach(line -> sb.append(line.asText()).append(line.asText().endsWith("\n") ? "" : "\n"));
            return sb.toString();
        }
        return node.asText();
    }

    private static String stripAnsi(String s) {
        return s.replaceAll("\u001B\\[[;\\d]*m", "");
    }

    /** Exit code and the interleaved stdout and stderr of one process. */
    private record Run(int exitCode, String output) {}

    private static Run run(List<String> cmd, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(Files.createDirectories(work), "process", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Our kernel folder comes first in JUPYTER_PATH, so it wins over any "dl4j-snn" kernel of the machine's user.
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", work.resolve("jupyter").toString());
        env.put("JUPYTER_DATA_DIR", work.resolve("jupyter-data").toString());
        env.put("JUPYTER_CONFIG_DIR", work.resolve("jupyter-config").toString());
        env.put("JUPYTER_RUNTIME_DIR", work.resolve("jupyter-runtime").toString());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds
                    + " s; output so far:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
