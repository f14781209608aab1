package org.dl4j.snn.examples.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dl4j.snn.examples.bench.Machine;
import org.dl4j.snn.examples.bench.MemoryBench;
import org.dl4j.snn.examples.data.BundledData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memory}: peak resident memory of training Rouser's 2312-500-500-10 CUBA MLP at long T (1 ms bins of the
 * bundled N-MNIST sample, batch 16), full BPTT against truncated BPTT. Each case runs in a child JVM of its own (heap
 * {@code --xmx}, ND4J off-heap capped by JavaCPP's {@code maxbytes}) and prints one JSON line; the command prints them
 * and, with {@code --out}, writes the Markdown section "Memory at long T".
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Peak RSS of training the 2312-500-500-10 CUBA MLP at long T: full BPTT vs truncated BPTT, one "
                + "child JVM per case.")
public final class MemoryCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-T", "--time-steps"}, split = ",", defaultValue = "100,300",
            description = "Sequence lengths in 1 ms steps (default ${DEFAULT-VALUE}); each runs with full BPTT.")
    List<Integer> steps = new ArrayList<>(List.of(100, 300));

    @Option(names = "--tbptt", split = ",", defaultValue = "50",
            description = "Segment lengths of truncated BPTT, run at the longest T (default ${DEFAULT-VALUE}; 0: "
                    + "none).")
    List<Integer> tbptt = new ArrayList<>(List.of(50));

    @Option(names = "--batches", defaultValue = "6", description = "Training batches per case (default "
            + "${DEFAULT-VALUE}).")
    int batches = 6;

    @Option(names = "--xmx", defaultValue = "1g", description = "Heap of each child JVM (default ${DEFAULT-VALUE}).")
    String xmx = "1g";

    @Option(names = "--off-heap", defaultValue = "2g", description = "ND4J off-heap cap of each child JVM "
            + "(JavaCPP maxbytes, default ${DEFAULT-VALUE}).")
    String offHeap = "2g";

    @Option(names = "--root", description = "N-MNIST folder (default: the bundled sample).")
    Path root;

    @Option(names = "--out", description = "Write the Markdown section to this file.")
    Path out;

    @Option(names = "--case", hidden = true, description = "Run one case in this JVM: T:tbptt (for the child JVMs).")
    String childCase;

    @Override
    public Integer call() throws Exception {
        Path data = root != null ? root : BundledData.nmnistSample();
        if (batches < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batches must be >= 1, got " + batches);
        }
        if (childCase != null) {
            String[] p = childCase.split(":");
            System.out.println(MemoryBench.run(data, Integer.parseInt(p[0]), Integer.parseInt(p[1]), batches, 42)
                    .toJson());
            return 0;
        }
        for (int t : steps) {
            if (t < 1) throw new CommandLine.ParameterException(spec.commandLine(), "-T must be >= 1, got " + t);
        }
        for (int k : tbptt) {
            if (k < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--tbptt must be >= 0, got " + k);
        }
        int longest = steps.stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<String> cases = new ArrayList<>();
        for (int t : steps) cases.add(t + ":0");
        for (int k : tbptt) if (k > 0 && k < longest) cases.add(longest + ":" + k);
        List<MemoryBench.Result> results = new ArrayList<>();
        for (String c : cases) {
            MemoryBench.Result r = MemoryBench.Result.parse(child(c, data));
            System.out.println(r.toJson());
            results.add(r);
        }
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(out, markdown(results, commandLine()));
            System.out.println("written: " + out);
        }
        return 0;
    }

    /** Runs one case in a child JVM on this JVM's class path; returns its JSON line. */
    private String child(String c, Path data) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-Dorg.bytedeco.javacpp.maxbytes=" + offHeap,
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + offHeap, "--add-modules=jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"),
                SnnCli.class.getName(), "memory", "--case", c, "--batches", String.valueOf(batches), "--root",
                data.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String json = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{\"net\":\"memory\"")) json = line;
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || json == null) {
            throw new IllegalStateException("memory: the child JVM for case T:tbptt = " + c + " failed (exit " + rc
                    + "); its errors are above");
        }
        return json;
    }

    private String commandLine() {
        List<String> args = spec == null ? List.of() : spec.commandLine().getParseResult().originalArgs();
        return "java -jar dl4j-snn.jar " + String.join(" ", args.isEmpty() || !args.get(0).equals("memory")
                ? java.util.stream.Stream.concat(java.util.stream.Stream.of("memory"), args.stream()).toList() : args);
    }

    /** The "Memory at long T" section for {@code docs/performance.md}. */
    static String markdown(List<MemoryBench.Result> results, String commandLine) {
        StringBuilder b = new StringBuilder();
        b.append("## Memory at long T\n\n");
        b.append("Written by `").append(commandLine).append("`.\n\n");
        b.append("- Machine: ").append(Machine.describeWithVm()).append('\n');
        b.append("- Network: Rouser's 2312-500-500-10 CUBA LIF MLP (frozen thresholds), spike-rate MSE, Adam; the "
                + "bundled N-MNIST sample binned into T x 1 ms; batch 16; each case trains its batches in a child JVM "
                + "of its own, so each peak is its own.\n");
        b.append("- Peak RSS = the child's VmHWM (heap, ND4J off-heap buffers and workspaces, native libraries), "
                + "heap and off-heap capped as in the command. Trace = the spiking layers' BPTT record for one batch "
                + "(1 byte per spike flag + one float per potential H[t], per neuron and step of a segment).\n\n");
        b.append("| layer sizes | T | mode | batches | peak RSS (MiB) | BPTT trace (MiB) | input batch (MiB) | "
                + "s / batch |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        MemoryBench.Result longestFull = null;
        for (MemoryBench.Result r : results) {
            b.append(String.format(Locale.ROOT, "| 2312-%d-%d-10 | %d | %s | %d | %.0f | %.1f | %.1f | %.2f |%n",
                    r.width(), r.width(), r.steps(), r.mode(), r.batches(), r.peakRssMib(), r.traceMib(),
                    inputMib(r), r.seconds() / r.batches()));
            if (r.tbptt() == 0 && (longestFull == null || r.steps() > longestFull.steps())) longestFull = r;
        }
        if (longestFull != null) {
            b.append(String.format(Locale.ROOT, "%nFull BPTT at T = %d: peak RSS %.0f MiB, %s the goal of 1,536 MiB "
                    + "(1.5 GiB). The BPTT trace is %.1f MiB of it and the dense input batch %.1f MiB; the rest is the "
                    + "JVM, ND4J's native libraries and buffers, and the layers' activation and gradient arrays "
                    + "([batch, n, T] floats each).%n", longestFull.steps(), longestFull.peakRssMib(),
                    longestFull.peakRssMib() < 1536 ? "under" : "over", longestFull.traceMib(), inputMib(longestFull)));
        }
        return b.toString();
    }

    /** The dense input of one batch, {@code [batch, 2312, T]} floats. */
    private static double inputMib(MemoryBench.Result r) {
        return (double) r.batch() * 2 * 34 * 34 * r.steps() * Float.BYTES / (1 << 20);
    }
}
