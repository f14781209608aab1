package org.dl4j.snn.examples.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bench/spikingjelly_reference.py} (a plain-PyTorch re-implementation of SpikingJelly's torch backend)
 * with a Python that has torch, and parses its JSON line: the reference the bench command compares against.
 * The script is looked up from the working directory upwards ({@code dl4j-snn-examples/bench/...}), then beside the
 * running jar ({@code target/../bench}).
 */
public final class ReferenceScript {
    static final String RELATIVE = "dl4j-snn-examples/bench/spikingjelly_reference.py";

    private final Path python;
    private final Path script;

    public ReferenceScript(Path python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** The script in this checkout, or null when none is found. */
    public static Path locate() {
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve(RELATIVE);
            if (Files.isRegularFile(p)) return p;
        }
        try {
            Path jar = Paths.get(ReferenceScript.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path p = jar.getParent().resolve("../bench/spikingjelly_reference.py").normalize();
            if (Files.isRegularFile(p)) return p;
        } catch (URISyntaxException | RuntimeException ignored) {
            // not run from a jar or classes folder
        }
        return null;
    }

    /**
     * Why the reference cannot run here (no such python, no torch, no script), or null when it can.
     * Runs {@code python -c "import torch"} once.
     */
    public String unavailableReason() {
        if (script == null || !Files.isRegularFile(script)) return "reference script not found (" + RELATIVE + ")";
        if (!Files.isExecutable(python)) return python + " is not an executable";
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return python + " -c 'import torch' did not finish in 120 s";
            }
            return p.exitValue() == 0 ? null : python + " has no torch module";
        } catch (IOException e) {
            return "cannot run " + python + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Runs the reference for one network; its stderr goes to ours. */
    public BenchResult run(BenchNet net, int steps, int warmup, int threads, double density, long seed)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(python.toString(), script.toString(), "--net", net.id(), "--steps",
                String.valueOf(steps), "--warmup", String.valueOf(warmup), "--threads", String.valueOf(threads),
                "--density", String.valueOf(density), "--seed", String.valueOf(seed));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        // The same OpenMP setting as our child JVMs (torch's intra-op pool is libgomp too): a fair comparison.
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        List<BenchResult> r = runLines(pb, "reference " + net.id());
        if (r.size() != 1) {
            throw new IOException("reference " + net.id() + " printed " + r.size() + " result lines, expected 1");
        }
        return r.get(0);
    }

    /** Starts {@code pb}, collects the JSON lines of its stdout, fails naming {@code what} on a non-zero exit. */
    public static List<BenchResult> runLines(ProcessBuilder pb, String what) throws IOException, InterruptedException {
        Process p = pb.start();
        List<BenchResult> out = new ArrayList<>();
        List<String> other = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{")) out.add(BenchResult.parse(line));
                else other.add(line);
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException(what + " exited with code " + rc + (other.isEmpty() ? ""
                    : "; its output ended with: " + String.join(" | ",
                    other.subList(Math.max(0, other.size() - 5), other.size()))));
        }
        return out;
    }
}
