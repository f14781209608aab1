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

    /**
     * glibc malloc settings that keep freed memory in the process: PyTorch frees and re-allocates its large tensors
     * every step, and with glibc's defaults every such block is an mmap that is unmapped on free, so each step
     * faults its pages in again (on this project's VMs 48,000 page faults and 0.4 s of system time per conv step,
     * the reference's conv net 4x slower). Our JVM reuses its workspaces, so this is the fairer comparison.
     */
    public static final String RETAIN_MEMORY = "glibc.malloc.mmap_threshold=33554432"
            + ":glibc.malloc.trim_threshold=17179869184:glibc.malloc.top_pad=268435456";

    private final Path python;
    private final Path script;
    private final boolean retainMemory;

    public ReferenceScript(Path python, Path script) {
        this(python, script, true);
    }

    /** @param retainMemory run Python with {@link #RETAIN_MEMORY} (unless GLIBC_TUNABLES is set already) */
    public ReferenceScript(Path python, Path script, boolean retainMemory) {
        this.python = python;
        this.script = script;
        this.retainMemory = retainMemory;
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

    /** Runs the reference for one network in the realistic regime; its stderr goes to ours. */
    public BenchResult run(BenchNet net, int steps, int warmup, int threads, double density, long seed)
            throws IOException, InterruptedException {
        return run(net, BenchNet.Regime.REALISTIC, steps, warmup, threads, density, seed);
    }

    /**
     * Runs the reference for one network initialised for {@code regime} (the same weight gain and BN gamma as
     * {@link BenchNet#build(org.dl4j.snn.layers.Engine, long, BenchNet.Regime)}); its stderr goes to ours. The
     * result's net is {@link BenchNet#label(BenchNet.Regime)}.
     */
    public BenchResult run(BenchNet net, BenchNet.Regime regime, int steps, int warmup, int threads, double density,
                           long seed) throws IOException, InterruptedException {
        List<String> cmd = List.of(python.toString(), script.toString(), "--net", net.id(), "--steps",
                String.valueOf(steps), "--warmup", String.valueOf(warmup), "--threads", String.valueOf(threads),
                "--density", String.valueOf(density), "--seed", String.valueOf(seed),
                "--weight-gain", String.valueOf(net.weightGain(regime)), "--bn-gamma",
                String.valueOf(net.bnGamma(regime)));
        List<BenchResult> r = runLines(processBuilder(cmd), "reference " + net.label(regime));
        if (r.size() != 1) {
            throw new IOException("reference " + net.label(regime) + " printed " + r.size()
                    + " result lines, expected 1");
        }
        BenchResult b = r.get(0);
        java.util.Map<String, Object> extra = new java.util.LinkedHashMap<>(b.extra());
        extra.put("regime", regime.id());
        return new BenchResult(net.label(regime), b.impl(), b.engine(), b.samplesPerS(), b.stepMsMedian(),
                b.stepMsMin(), b.peakRssMib(), b.threads(), extra);
    }

    /**
     * Runs the reference's {@code nmnist-real} epochs on the N-MNIST folder {@code root}: one result per epoch
     * (epoch_s, train_s, test_acc, samples_per_s, peak_rss_mib in its JSON).
     */
    public List<BenchResult> runNmnistReal(Path root, int epochs, int threads, long seed)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(python.toString(), script.toString(), "--net", RealDataBench.NET, "--root",
                root.toAbsolutePath().toString(), "--epochs", String.valueOf(epochs), "--threads",
                String.valueOf(threads), "--seed", String.valueOf(seed));
        List<BenchResult> r = runLines(processBuilder(cmd), "reference " + RealDataBench.NET);
        if (r.size() != epochs) {
            throw new IOException("reference " + RealDataBench.NET + " printed " + r.size() + " result lines, expected "
                    + epochs);
        }
        return r;
    }

    private ProcessBuilder processBuilder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        // The same OpenMP setting as our child JVMs (torch's intra-op pool is libgomp too): a fair comparison.
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        if (retainMemory) pb.environment().putIfAbsent("GLIBC_TUNABLES", RETAIN_MEMORY);
        return pb;
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
