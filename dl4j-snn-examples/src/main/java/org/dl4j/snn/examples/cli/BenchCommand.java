package org.dl4j.snn.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dl4j.snn.examples.bench.BenchNet;
import org.dl4j.snn.examples.bench.BenchResult;
import org.dl4j.snn.examples.bench.PerformanceDoc;
import org.dl4j.snn.examples.bench.PipelineBench;
import org.dl4j.snn.examples.bench.RealDataBench;
import org.dl4j.snn.examples.bench.ReferenceScript;
import org.dl4j.snn.examples.bench.Summary;
import org.dl4j.snn.examples.bench.TrainingBench;
import org.dl4j.snn.examples.data.BundledData;
import org.dl4j.snn.layers.Engine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-snn bench}: training throughput of the two benchmark networks ({@link BenchNet}: an SHD-like PLIF MLP
 * and an N-MNIST-like PLIF conv net) with this library, optionally against a plain-PyTorch re-implementation of SpikingJelly's torch
 * backend run on the same machine in the same session, printing one JSON line per measurement:
 * {@code {"net":"mlp","samples_per_s":...,"step_ms_median":...,"step_ms_min":...,"peak_rss_mib":...,"threads":...}}.
 *
 * <p>Each measurement runs in a fresh child JVM (unless {@code --in-process}) so that peak RSS is per network and
 * the native thread count ({@code OMP_NUM_THREADS}) is set before ND4J loads. With {@code --reference} the reference
 * runs after (odd rounds: before) each of our measurements and a {@code "summary"} line gives the median ratios over
 * the rounds; compare ratios from one run, not figures across runs (shared machines are noisy).
 * {@code --doc FILE} rewrites the results block of {@code docs/performance.md} from this run's lines.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time full training steps (forward, loss, backward, Adam update) of the benchmark networks "
                + "and print one JSON line per measurement.",
                "Example: dl4j-snn bench --net all --reference --rounds 3 --doc dl4j-snn-examples/docs/performance.md"})
public final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Which network(s) to measure. */
    public enum NetChoice {
        MLP, CONV, ALL, NMNIST_REAL;

        /** The name users type: {@code mlp}, {@code conv}, {@code all}, {@code nmnist-real}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Parses {@link NetChoice#id()}, case-insensitively. */
    static final class NetChoiceConverter implements CommandLine.ITypeConverter<NetChoice> {
        @Override
        public NetChoice convert(String value) {
            for (NetChoice c : NetChoice.values()) {
                if (c.id().equalsIgnoreCase(value.trim())) return c;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not one of mlp, conv, all, nmnist-real");
        }
    }

    /** Which firing regime(s) to measure mlp and conv in. */
    public enum RegimeChoice { REALISTIC, SPARSE, BOTH }

    @Option(names = "--net", defaultValue = "all", converter = NetChoiceConverter.class,
            description = "mlp, conv, all (default: mlp and conv) or nmnist-real (SpikingJelly's PLIF conv net, "
                    + "epochs on real N-MNIST recordings).")
    NetChoice net = NetChoice.ALL;

    @Option(names = "--regime", defaultValue = "realistic",
            description = "Initialisation of mlp and conv: realistic (default; hidden layers fire at 5-20 %%), "
                    + "sparse (PyTorch's default init; rows labelled mlp-sparse, conv-sparse) or both.")
    RegimeChoice regime = RegimeChoice.REALISTIC;

    @Option(names = "--root", description = "nmnist-real: N-MNIST folder with Train/ and Test/ (default: the "
            + "bundled sample).")
    Path root;

    @Option(names = "--epochs", defaultValue = "1", description = "nmnist-real: epochs per seed (default 1).")
    int epochs = 1;

    @Option(names = "--real-data", description = "Also run nmnist-real (--epochs, --seeds, --root) after the "
            + "networks of --net, in the same run and document.")
    boolean realData;

    @Option(names = "--seeds", defaultValue = "1",
            description = "nmnist-real: seeds --seed, --seed + 1, ... (default 1), each a round.")
    int seeds = 1;

    @Option(names = "--steps", defaultValue = "30", description = "Timed training steps (default 30).")
    int steps = 30;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed steps before timing (default 5).")
    int warmup = 5;

    @Option(names = "--engine", defaultValue = "fused", description = "fused (default) or samediff.")
    Engine engine = Engine.FUSED;

    @Option(names = "--threads", defaultValue = "2",
            description = "Threads for ND4J (OMP_NUM_THREADS of the child JVM), the neuron kernel and the reference "
                    + "(torch.set_num_threads). Default 2.")
    int threads = 2;

    @Option(names = "--density", defaultValue = "0.05", description = "Input spike probability (default 0.05).")
    double density = 0.05;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of weights and synthetic data.")
    long seed = 42;

    @Option(names = "--reference", description = "Also run bench/spikingjelly_reference.py and report ratios.")
    boolean reference;

    @Option(names = "--reference-malloc", defaultValue = "retain", description = "glibc malloc of the reference: "
            + "retain (default: freed memory stays in the process, GLIBC_TUNABLES=" + ReferenceScript.RETAIN_MEMORY
            + ", unless GLIBC_TUNABLES is set) or default (glibc's own settings: PyTorch's large tensors are unmapped "
            + "on free and faulted in again every step).")
    String referenceMalloc = "retain";

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "Python with torch for --reference (default /usr/bin/python3).")
    Path python = Paths.get("/usr/bin/python3");

    @Option(names = "--rounds", defaultValue = "1", description = "Repeat every measurement, interleaved (default 1).")
    int rounds = 1;

    @Option(names = "--samediff", description = "Also time the SameDiff engine on each net in every round and report "
            + "its slowdown against the fused engine (with --engine fused).")
    boolean sameDiff;

    @Option(names = "--pipeline", description = "Also measure the N-MNIST data pipeline on the bundled sample.")
    boolean pipeline;

    @Option(names = "--pipeline-workers", defaultValue = "1", description = "Decoding threads of --pipeline (1).")
    int pipelineWorkers = 1;

    @Option(names = "--in-process", description = "Measure in this JVM instead of a child JVM per measurement.")
    boolean inProcess;

    @Option(names = "--jvm-opt", description = "Option for the child JVMs (repeatable; replaces the default: -Xms64m "
            + "-Xmx512m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=256m "
            + "-Dorg.bytedeco.javacpp.maxbytes=6G -Dorg.bytedeco.javacpp.maxphysicalbytes=8G "
            + "--add-modules=jdk.incubator.vector).")
    List<String> jvmOpts;

    @Option(names = "--jsonl", description = "Also append the JSON lines to this file.")
    Path jsonl;

    @Option(names = "--doc", description = "Rewrite the generated results block of this performance.md.")
    Path doc;

    /**
     * Child JVM options: a small heap (ND4J data live off-heap) and the serial collector keep the RSS low; JavaCPP's
     * off-heap limits default to multiples of -Xmx, so they are raised explicitly (limits, not reservations: the
     * SameDiff engine needs more off-heap memory than a multiple of this small heap). The Vector API module lets the
     * neuron kernel use SIMD instructions ({@code Simd.available()}), as a user's JVM should.
     */
    static final List<String> DEFAULT_JVM_OPTS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-Xss512k", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=256m",
            "-Dorg.bytedeco.javacpp.maxbytes=6G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=8G",
            "--add-modules=jdk.incubator.vector");

    private final PrintStream out;

    public BenchCommand() {
        this(System.out);
    }

    BenchCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        if (pipelineOnly) {
            emit(PipelineBench.run(BundledData.nmnistSample(), pipelineWorkers, 3));
            return 0;
        }
        if (net == NetChoice.NMNIST_REAL && inProcess) {
            RealDataBench.run(nmnistRoot(), epochs, threads, seed, this::emitUnchecked);
            return 0;
        }
        List<BenchNet> nets = switch (net) {
            case MLP -> List.of(BenchNet.MLP);
            case CONV -> List.of(BenchNet.CONV);
            case ALL -> List.of(BenchNet.MLP, BenchNet.CONV);
            case NMNIST_REAL -> List.of();
        };
        List<BenchNet.Regime> regimes = switch (regime) {
            case REALISTIC -> List.of(BenchNet.Regime.REALISTIC);
            case SPARSE -> List.of(BenchNet.Regime.SPARSE);
            case BOTH -> List.of(BenchNet.Regime.REALISTIC, BenchNet.Regime.SPARSE);
        };
        ReferenceScript ref = null;
        if (reference) {
            if (!referenceMalloc.equals("retain") && !referenceMalloc.equals("default")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--reference-malloc must be retain or "
                        + "default, got " + referenceMalloc);
            }
            ref = new ReferenceScript(python, ReferenceScript.locate(), referenceMalloc.equals("retain"));
            String why = ref.unavailableReason();
            if (why != null) {
                System.err.println("bench: --reference skipped: " + why);
                ref = null;
            }
        }
        Summary summary = new Summary(engine, threads);
        for (int r = 0; r < rounds; r++) {
            for (BenchNet.Regime g : regimes) {
                for (BenchNet n : nets) {
                    // Alternate who goes first, so that a neighbour's burst or thermal drift does not favour one side.
                    boolean refFirst = r % 2 == 1;
                    BenchResult theirs = null;
                    if (ref != null && refFirst) theirs = emit(ref.run(n, g, steps, warmup, threads, density, seed));
                    BenchResult ours = emit(measure(n, g, engine));
                    if (ref != null && !refFirst) theirs = emit(ref.run(n, g, steps, warmup, threads, density, seed));
                    summary.add(ours, theirs);
                    if (sameDiff) summary.addSameDiff(emit(measure(n, g, Engine.SAMEDIFF)));
                }
            }
        }
        boolean realDataRun = net == NetChoice.NMNIST_REAL || realData;
        if (realDataRun) {
            Path data = nmnistRoot();
            for (int k = 0; k < seeds; k++) {
                long s = seed + k;
                boolean refFirst = k % 2 == 1;
                List<BenchResult> theirs = null;
                if (ref != null && refFirst) theirs = emitAll(ref.runNmnistReal(data, epochs, threads, s));
                List<String> args = List.of("--in-process", "--net", NetChoice.NMNIST_REAL.id(), "--root",
                        data.toAbsolutePath().toString(), "--epochs", String.valueOf(epochs), "--threads",
                        String.valueOf(threads), "--seed", String.valueOf(s));
                List<BenchResult> ours = emitAll(children(args, epochs));
                if (ref != null && !refFirst) theirs = emitAll(ref.runNmnistReal(data, epochs, threads, s));
                summary.addRealData(ours, theirs);
            }
        }
        if (pipeline) {
            summary.addPipeline(emit(inProcess ? PipelineBench.run(BundledData.nmnistSample(), pipelineWorkers, 3)
                    : child(List.of("--pipeline-only", "--pipeline-workers", String.valueOf(pipelineWorkers)))));
        }
        List<Map<String, Object>> lines = summary.lines();
        if (rounds > 1 || ref != null || pipeline || sameDiff || realDataRun) {
            for (Map<String, Object> line : lines) emitLine(Summary.toJson(line));
        }
        if (doc != null) {
            PerformanceDoc.rewrite(doc, summary, commandLine());
            System.err.println("bench: rewrote the results block of " + doc);
        }
        return 0;
    }

    @Option(names = "--pipeline-only", hidden = true, description = "Child mode: measure the pipeline only.")
    boolean pipelineOnly;

    private Path nmnistRoot() {
        return root != null ? root : BundledData.nmnistSample();
    }

    /** This run's options as a command line, for the generated document. */
    private String commandLine() {
        StringBuilder b = new StringBuilder("dl4j-snn bench --net ").append(net.id());
        if (net == NetChoice.NMNIST_REAL) {
            b.append(" --epochs ").append(epochs).append(" --seeds ").append(seeds).append(" --seed ").append(seed)
                    .append(" --threads ").append(threads);
            if (reference) b.append(" --reference --reference-malloc ").append(referenceMalloc);
            return b.toString();
        }
        b.append(" --regime ").append(regime.name().toLowerCase(Locale.ROOT))
                .append(" --steps ").append(steps).append(" --warmup ").append(warmup)
                .append(" --engine ").append(BenchNet.id(engine))
                .append(" --threads ").append(threads)
                .append(" --rounds ").append(rounds);
        if (reference) b.append(" --reference --reference-malloc ").append(referenceMalloc);
        if (sameDiff) b.append(" --samediff");
        if (realData) b.append(" --real-data --epochs ").append(epochs).append(" --seeds ").append(seeds);
        if (pipeline) b.append(" --pipeline");
        if (inProcess) b.append(" --in-process");
        return b.toString();
    }

    private void validate() {
        if (steps < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--steps must be >= 1");
        if (warmup < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--warmup must be >= 0");
        if (threads < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1");
        if (rounds < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be >= 1");
        if (epochs < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be >= 1");
        if (seeds < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--seeds must be >= 1");
        if (root != null && net != NetChoice.NMNIST_REAL && !realData) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--root applies to --net nmnist-real and --real-data");
        }
        if (sameDiff && engine != Engine.FUSED) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--samediff compares with --engine fused");
        }
        if (!(density >= 0 && density <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--density must lie in [0, 1]");
        }
    }

    /** Our measurement of {@code n} in {@code regime}: in this JVM or in a child JVM. */
    private BenchResult measure(BenchNet n, BenchNet.Regime regime, Engine engine)
            throws IOException, InterruptedException {
        if (inProcess) return TrainingBench.run(n, regime, engine, steps, warmup, threads, density, seed);
        return child(List.of("--in-process", "--net", n.id(), "--regime", regime.id(), "--engine",
                BenchNet.id(engine), "--steps", String.valueOf(steps), "--warmup", String.valueOf(warmup),
                "--threads", String.valueOf(threads), "--density", String.valueOf(density), "--seed",
                String.valueOf(seed)));
    }

    /** Runs this command in a child JVM with {@code args} and returns its one result line. */
    private BenchResult child(List<String> args) throws IOException, InterruptedException {
        return children(args, 1).get(0);
    }

    /** Runs this command in a child JVM with {@code args}; returns its {@code expected} result lines. */
    private List<BenchResult> children(List<String> args, int expected) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOpts == null || jvmOpts.isEmpty() ? DEFAULT_JVM_OPTS : jvmOpts);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchCommand.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        // Before ND4J loads: its OpenMP pool and OpenBLAS take their size from here.
        env.put("OMP_NUM_THREADS", String.valueOf(threads));
        // Idle OpenMP workers sleep instead of spinning: spinning workers steal the cores the Java kernel threads
        // need between ND4J ops (docs/performance.md, "Threads", has the measurement).
        env.putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        List<BenchResult> r = ReferenceScript.runLines(pb, "bench child " + args);
        if (r.size() != expected) {
            throw new IOException("bench child " + args + " printed " + r.size() + " result lines, expected "
                    + expected);
        }
        List<BenchResult> out = new ArrayList<>();
        for (BenchResult b : r) {
            Map<String, Object> extra = new LinkedHashMap<>(b.extra());
            extra.put("jvm_opts", String.join(" ", cmd.subList(1, cmd.indexOf("-cp"))));
            out.add(new BenchResult(b.net(), b.impl(), b.engine(), b.samplesPerS(), b.stepMsMedian(),
                    b.stepMsMin(), b.peakRssMib(), b.threads(), extra));
        }
        return out;
    }

    private List<BenchResult> emitAll(List<BenchResult> rs) throws IOException {
        for (BenchResult r : rs) emit(r);
        return rs;
    }

    private void emitUnchecked(BenchResult r) {
        try {
            emit(r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private BenchResult emit(BenchResult r) throws IOException {
        emitLine(r.toJson());
        return r;
    }

    private void emitLine(String line) throws IOException {
        out.println(line);
        out.flush();
        if (jsonl != null) {
            Files.writeString(jsonl, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
