package org.dl4j.snn.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dl4j.snn.examples.bench.Machine;
import org.dl4j.snn.examples.data.BundledData;
import org.dl4j.snn.examples.experiment.Arm;
import org.dl4j.snn.examples.experiment.ExperimentRunner;
import org.dl4j.snn.examples.experiment.ResultsWriter;
import org.dl4j.snn.examples.experiment.RunResult;
import org.dl4j.snn.examples.experiment.Suite;
import org.dl4j.snn.examples.train.RunConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code experiment}: trains several network variants with everything else identical (per seed: the same data
 * order and the same initial weights) and writes {@code <name>.csv} (one row per variant: accuracy mean / std over
 * seeds, epochs to a target, dead-neuron fractions), {@code <name>-epochs.csv} (every run's epochs) and
 * {@code <name>.md} (command line, machine, seeds, time, tables, the paper's numbers, what the numbers say), rewritten
 * after every run. Either a named {@code --suite} (the papers' settings) or variants x losses given on the command
 * line.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Ablation runner: train variants with identical data order and initial weights, write CSV and "
                + "Markdown results.")
public final class ExperimentCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--suite", description = "A paper setting: ablation, losses, rouser, bad-threshold, static. "
            + "Without it: --variants x --loss.")
    String suite;

    @Option(names = "--arms", split = ",", description = "With --suite: run only these rows of the suite, "
            + "numbered from 1 in the suite's order (e.g. 1,2); default all. The results files keep the other "
            + "rows' runs already in --out (commands running different rows may run at the same time).")
    List<Integer> arms;

    @Option(names = "--dataset", defaultValue = "nmnist", description = "nmnist or mnist (default ${DEFAULT-VALUE}).")
    String dataset = "nmnist";

    @Option(names = "--root", description = "Dataset folder (default for nmnist: the bundled sample; for mnist: "
            + "required, a folder with the idx files; only the t10k files -> split 8,000 / 2,000, seeded).")
    Path root;

    @Option(names = "--variants", split = ",", defaultValue = "lif,plif,plif+theta,plif+theta+v0",
            description = "Variants base[+theta][+v0], base lif, plif or cuba (default ${DEFAULT-VALUE}).")
    List<String> variants = new ArrayList<>(List.of("lif", "plif", "plif+theta", "plif+theta+v0"));

    @Option(names = "--loss", split = ",", defaultValue = "sdt",
            description = "Losses sdt, tet, lstet, lts, rate (cuba); a list runs each (default ${DEFAULT-VALUE}).")
    List<String> losses = new ArrayList<>(List.of("sdt"));

    @Option(names = "--epochs", description = "Epochs (default: the suite's, else 10).")
    Integer epochs;

    @Option(names = "--seeds", description = "Number of seeds (default: the suite's, else 3).")
    Integer seeds;

    @Option(names = "--seed", defaultValue = "42", description = "First seed; seeds are seed, seed+1, ... "
            + "(default ${DEFAULT-VALUE}, train's default).")
    long firstSeed = 42;

    @Option(names = "--target", description = "Target test accuracy for epochs-to-target (default: the suite's, "
            + "else 0.9).")
    Double target;

    @Option(names = {"-T", "--time-steps"}, defaultValue = "10", description = "Time steps without --suite "
            + "(default ${DEFAULT-VALUE}).")
    int steps = 10;

    @Option(names = "--width", defaultValue = "500", description = "Hidden units without --suite (default "
            + "${DEFAULT-VALUE}).")
    int width = 500;

    @Option(names = "--batch", defaultValue = "16", description = "Batch size without --suite (default "
            + "${DEFAULT-VALUE}).")
    int batch = 16;

    @Option(names = "--train-limit", defaultValue = "0", description = "Use only N training samples, a fixed "
            + "random subset in every run (0: all).")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "0", description = "Use only N test samples, a fixed random "
            + "subset (0: all).")
    int testLimit;

    @Option(names = "--out", defaultValue = "experiments", description = "Results folder (default ${DEFAULT-VALUE}).")
    Path out = Path.of("experiments");

    /** The numeric options in range, naming the option (before anything runs or a results file is named). */
    void checkOptions() {
        CommandLine cl = spec == null ? null : spec.commandLine();
        String bad = null;
        if (seeds != null && (seeds < 1 || seeds > 1000)) {
            bad = "--seeds must be 1..1000 (the number of seeds), got " + seeds;
        } else if (epochs != null && (epochs < 1 || epochs > RunConfig.MAX_EPOCHS)) {
            bad = "--epochs must be 1.." + RunConfig.MAX_EPOCHS + ", got " + epochs;
        } else if (target != null && !(target > 0 && target <= 1)) {
            bad = "--target must be an accuracy in (0, 1], got " + target;
        } else if (trainLimit < 0 || testLimit < 0) {
            bad = "--train-limit and --test-limit must be >= 0 (0: all), got " + trainLimit + " and " + testLimit;
        } else {
            try {
                RunConfig.checkSettings("--", steps, 1, batch, width, 1e-3, 2.0, 2.0);
            } catch (IllegalArgumentException e) {
                bad = e.getMessage();
            }
        }
        if (bad != null) {
            throw cl == null ? new IllegalArgumentException(bad) : new CommandLine.ParameterException(cl, bad);
        }
    }

    /** The suite this invocation runs (named, or built from the options). */
    Suite plan() {
        if (arms != null && suite == null) {
            String bad = "--arms selects rows of a --suite; without --suite the rows are --variants x --loss";
            throw spec == null ? new IllegalArgumentException(bad)
                    : new CommandLine.ParameterException(spec.commandLine(), bad);
        }
        return arms == null ? whole() : whole().only(arms);
    }

    /** The suite with all its rows: the named one with the options applied, or the one built from the options. */
    Suite whole() {
        if (suite != null) {
            return Suite.named(suite).with(epochs, seeds, target);
        }
        return Suite.custom(dataset, variants, losses, epochs != null ? epochs : 10, steps, width, batch,
                seeds != null ? seeds : 3, target != null ? target : 0.9);
    }

    Path dataRoot(Suite s) {
        String ds = s.arms().get(0).dataset();
        if (root != null) {
            return root;
        }
        if (ds.equals("nmnist")) {
            return BundledData.nmnistSample();
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--root is required for dataset " + ds
                + " (a folder with the MNIST idx files, e.g. ../shared/data/mnist-t10k)");
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        Suite s = plan();
        if (s.seeds() < 1 || s.arms().isEmpty()) {
            throw new IllegalArgumentException("experiment: nothing to run (" + s.seeds() + " seed(s), " + s.arms().size()
                    + " variant(s))");
        }
        Path dataRoot = dataRoot(s);
        List<Long> seedList = new ArrayList<>();
        for (int i = 0; i < s.seeds(); i++) {
            seedList.add(firstSeed + i);
        }
        ExperimentRunner runner = new ExperimentRunner(dataRoot, trainLimit, testLimit, System.out);
        List<String> data = s.arms().stream().map(runner::describeData).distinct().toList();
        if (trainLimit > 0 || testLimit > 0) {
            data = new ArrayList<>(data);
            data.add("limited to " + trainLimit + " training / " + testLimit + " test samples (0 = all), the same "
                    + "random subset (seed " + ExperimentRunner.LIMIT_SEED + ") in every run");
        }
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        String commandLine = commandLine(spec.commandLine().getParseResult().originalArgs());
        Files.createDirectories(out);
        List<RunResult> runs = new ArrayList<>();
        // --arms runs a part of a suite: its results files keep the suite's other arms' runs from earlier commands.
        Suite full = arms == null ? s : whole();
        for (long seed : seedList) {
            for (Arm arm : s.arms()) {
                Path runDir = out.resolve("runs").resolve(s.name()).resolve(slug(arm.label()) + "-seed" + seed);
                runs.add(runner.run(arm, seed, runDir));
                ResultsWriter.Header header = new ResultsWriter.Header(commandLine, Machine.describeWithVm(),
                        started.truncatedTo(ChronoUnit.SECONDS).toString(), (System.nanoTime() - t0) / 1e9, seedList,
                        data, full.arms().size() * seedList.size());
                if (arms == null) {
                    ResultsWriter.write(out, s, runs, header);
                } else {
                    ResultsWriter.writeMerged(out, full, s, runs, header);
                }
            }
        }
        System.out.println("results: " + out.resolve(s.name() + ".md"));
        return 0;
    }

    /** The invocation as typed: the arguments seen by the top-level command (they include "experiment"). */
    static String commandLine(List<String> args) {
        List<String> a = args.isEmpty() || !args.get(0).equals("experiment")
                ? java.util.stream.Stream.concat(java.util.stream.Stream.of("experiment"), args.stream()).toList() : args;
        return "java -jar dl4j-snn.jar " + String.join(" ", a);
    }

    static String slug(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9+.]+", "-").replaceAll("^-|-$", "");
    }
}
