package org.dl4j.snn.examples.experiment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dl4j.snn.examples.plot.CsvTable;

/**
 * The results files of an experiment: a summary CSV (one row per arm), a per-epoch CSV (one row per run and epoch)
 * and a Markdown report with the command line, machine, seeds, time, the tables, the paper's numbers and a
 * sentence per comparison saying whether the claimed effect appeared.
 */
public final class ResultsWriter {
    /** A difference counts only beyond this (1 percentage point) and beyond the larger seed spread. */
    static final double MIN_DIFFERENCE = 0.01;

    private ResultsWriter() {}

    /**
     * What the report says about the run as a whole.
     *
     * @param plannedRuns runs the command will make; fewer in {@code summaries} means the report is partial
     * @param kept        which runs came from an earlier command ({@link #writeMerged}); empty when none did
     */
    public record Header(String commandLine, String machine, String started, double wallSeconds, List<Long> seeds,
                         List<String> data, int plannedRuns, String kept) {
        public Header(String commandLine, String machine, String started, double wallSeconds, List<Long> seeds,
                      List<String> data, int plannedRuns) {
            this(commandLine, machine, started, wallSeconds, seeds, data, plannedRuns, "");
        }
    }

    /**
     * Writes (replaces) {@code <suite>.csv} ({@link #summaryCsv}), {@code <suite>-epochs.csv} ({@link #epochsCsv}) and
     * {@code <suite>.md} ({@link #markdown}) in {@code folder} from the runs so far.
     */
    public static void write(Path folder, Suite suite, List<RunResult> runs, Header header) throws IOException {
        List<ArmSummary> sum = ArmSummary.perArm(suite, runs);
        Files.writeString(folder.resolve(suite.name() + ".csv"), summaryCsv(sum), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(suite.name() + "-epochs.csv"), epochsCsv(runs), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(suite.name() + ".md"), markdown(suite, header, sum), StandardCharsets.UTF_8);
    }

    /**
     * {@link #write} for a command that runs only some arms ({@code ran}) of {@code full}: the runs of {@code full}'s
     * other arms already in {@code <suite>-epochs.csv} are kept, so that commands running different arms (one after
     * the other, or at the same time on different cores) fill one set of results files. Read, merge and write happen
     * under an exclusive lock on {@code .<suite>.lock} in {@code folder}.
     */
    public static void writeMerged(Path folder, Suite full, Suite ran, List<RunResult> runs, Header header)
            throws IOException {
        Path csv = folder.resolve(full.name() + "-epochs.csv");
        try (FileChannel ch = FileChannel.open(folder.resolve("." + full.name() + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            List<String> mine = ran.arms().stream().map(Arm::label).toList();
            List<RunResult> all = new ArrayList<>(runs);
            if (Files.exists(csv)) {
                readEpochs(csv, full).stream().filter(r -> !mine.contains(r.arm().label())).forEach(all::add);
            }
            List<Arm> order = full.arms();
            all.sort(Comparator.comparingInt((RunResult r) -> order.indexOf(r.arm())).thenComparingLong(RunResult::seed));
            Header h = all.size() == runs.size() ? header : new Header(header.commandLine(), header.machine(),
                    header.started(), header.wallSeconds(), header.seeds(), header.data(), header.plannedRuns(),
                    "this command ran rows " + ran.arms().stream().map(a -> String.valueOf(order.indexOf(a) + 1))
                            .collect(java.util.stream.Collectors.joining(", ")) + "; the runs of the other rows "
                            + "are an earlier command's, read back from " + csv.getFileName());
            write(folder, full, all, h);
        }
    }

    /**
     * The runs in an epochs CSV as {@link #epochsCsv} writes it, as runs of {@code suite}'s arms (matched by variant,
     * loss and setting; rows of other arms are skipped); layer l of a run exists where its columns have values.
     *
     * @throws IOException naming the file (and the line or column) of a file that does not parse
     */
    public static List<RunResult> readEpochs(Path csv, Suite suite) throws IOException {
        CsvTable t;
        try {
            t = CsvTable.read(csv, List.of("variant", "loss", "setting", "seed", "epoch", "train_loss", "test_acc",
                    "seconds"));
            record Run(Arm arm, long seed) {}
            int layers = 0;
            while (t.has("dead_frac_l" + (layers + 1))) layers++;
            Map<Run, List<RunResult.Epoch>> epochs = new LinkedHashMap<>();
            Map<Run, Integer> present = new LinkedHashMap<>();
            for (int row = 0; row < t.rows().size(); row++) {
                String label = t.text(row, "variant") + " / " + t.text(row, "loss")
                        + (t.text(row, "setting").isEmpty() ? "" : " / " + t.text(row, "setting"));
                Arm arm = suite.arms().stream().filter(a -> a.label().equals(label)).findFirst().orElse(null);
                if (arm == null) continue;
                Run run = new Run(arm, (long) t.number(row, "seed"));
                double[][] perLayer = new double[3][layers];
                int n = 0;
                for (int l = 0; l < layers; l++) {
                    perLayer[0][l] = t.number(row, "dead_frac_l" + (l + 1));
                    perLayer[1][l] = t.number(row, "rate_l" + (l + 1));
                    perLayer[2][l] = t.number(row, "theta_mean_l" + (l + 1));
                    if (!Double.isNaN(perLayer[0][l]) || !Double.isNaN(perLayer[1][l])) n = l + 1;
                }
                present.merge(run, n, Math::max);
                epochs.computeIfAbsent(run, k -> new ArrayList<>()).add(new RunResult.Epoch(
                        (int) t.number(row, "epoch"), t.number(row, "train_loss"), t.number(row, "test_acc"),
                        t.number(row, "seconds"), perLayer[0], perLayer[1], perLayer[2]));
            }
            List<RunResult> out = new ArrayList<>();
            epochs.forEach((run, rows) -> {
                int n = present.get(run);
                List<String> names = new ArrayList<>();
                for (int l = 1; l <= n; l++) names.add("l" + l);
                out.add(new RunResult(run.arm(), run.seed(), names, rows.stream().map(e -> new RunResult.Epoch(
                        e.epoch(), e.loss(), e.accuracy(), e.seconds(), Arrays.copyOf(e.dead(), n),
                        Arrays.copyOf(e.rate(), n), Arrays.copyOf(e.thetaMean(), n))).toList()));
            });
            return out;
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public static String summaryCsv(List<ArmSummary> arms) {
        int layers = arms.stream().mapToInt(ArmSummary::layers).max().orElse(0);
        StringBuilder s = new StringBuilder("suite,dataset,variant,loss,setting,seeds,epochs,steps,width,"
                + "final_acc_mean,final_acc_std,best_acc_mean,best_acc_std,target,reached,epochs_to_target_mean");
        for (int l = 1; l <= layers; l++) {
            s.append(",dead_frac_epoch1_l").append(l);
        }
        for (int l = 1; l <= layers; l++) {
            s.append(",dead_frac_last_l").append(l);
        }
        s.append(",sec_per_epoch,paper\n");
        for (ArmSummary a : arms) {
            Arm arm = a.arm();
            List<String> f = new ArrayList<>(List.of(arm.suite(), arm.dataset(), arm.variant(), arm.loss(),
                    arm.setting(), String.valueOf(a.seeds()), String.valueOf(a.epochsRun()),
                    String.valueOf(arm.steps()), String.valueOf(arm.width()), num(a.finalMean()), num(a.finalStd()),
                    num(a.bestMean()), num(a.bestStd()), num(a.target()), a.reached() + "/" + a.seeds(),
                    a.reached() == 0 ? "not reached" : num(a.epochsToTargetMean())));
            for (int l = 0; l < layers; l++) {
                f.add(num(a.dead(1, l)));
            }
            for (int l = 0; l < layers; l++) {
                f.add(num(a.deadLast(l)));
            }
            f.add(num(a.secondsPerEpoch()));
            f.add(arm.paper());
            s.append(String.join(",", f.stream().map(ResultsWriter::csvField).toList())).append('\n');
        }
        return s.toString();
    }

    public static String epochsCsv(List<RunResult> runs) {
        int layers = runs.stream().mapToInt(r -> r.layers().size()).max().orElse(0);
        StringBuilder s = new StringBuilder("suite,dataset,variant,loss,setting,seed,epoch,train_loss,test_acc,seconds");
        for (int l = 1; l <= layers; l++) {
            s.append(",dead_frac_l").append(l).append(",rate_l").append(l).append(",theta_mean_l").append(l);
        }
        s.append('\n');
        for (RunResult r : runs) {
            for (RunResult.Epoch e : r.epochs()) {
                List<String> f = new ArrayList<>(List.of(r.arm().suite(), r.arm().dataset(), r.arm().variant(),
                        r.arm().loss(), r.arm().setting(), String.valueOf(r.seed()), String.valueOf(e.epoch()),
                        num(e.loss()), num(e.accuracy()), num(e.seconds())));
                for (int l = 0; l < layers; l++) {
                    boolean has = l < e.dead().length;
                    f.add(has ? num(e.dead()[l]) : "");
                    f.add(has ? num(e.rate()[l]) : "");
                    f.add(has ? num(e.thetaMean()[l]) : "");
                }
                s.append(String.join(",", f.stream().map(ResultsWriter::csvField).toList())).append('\n');
            }
        }
        return s.toString();
    }

    public static String markdown(Suite suite, Header h, List<ArmSummary> arms) {
        int done = arms.stream().mapToInt(ArmSummary::seeds).sum();
        StringBuilder s = new StringBuilder();
        s.append("## ").append(suite.title()).append("\n\n");
        s.append("Written by the `experiment` command itself; do not edit by hand.\n\n");
        s.append("- Command: `").append(h.commandLine()).append("`\n");
        if (!h.kept().isEmpty()) {
            s.append("- Runs kept: ").append(h.kept()).append('\n');
        }
        s.append("- Machine: ").append(h.machine()).append('\n');
        s.append("- Started: ").append(h.started()).append(", wall time ")
                .append(String.format(Locale.ROOT, "%.1f min", h.wallSeconds() / 60)).append('\n');
        s.append("- Seeds: ").append(h.seeds()).append(" (same seed: same data order and same initial weights in "
                + "every row)\n");
        for (String d : h.data()) {
            s.append("- Data: ").append(d).append('\n');
        }
        s.append("- Target accuracy for \"epochs to target\": ").append(pct(suite.target())).append('\n');
        if (done < h.plannedRuns()) {
            s.append("- **Partial**: ").append(done).append(" of ").append(h.plannedRuns())
                    .append(" runs done when this file was written.\n");
        }
        for (String n : suite.notes()) {
            s.append("- ").append(n).append('\n');
        }
        int layers = arms.stream().mapToInt(ArmSummary::layers).max().orElse(0);
        s.append("\n| variant / loss / setting | seeds | epochs | final acc (mean ± std) | best acc (mean ± std) | "
                + "epochs to ").append(pct(suite.target())).append(" |");
        for (int l = 1; l <= layers; l++) {
            s.append(" dead L").append(l).append(" ep1 → last |");
        }
        s.append(" s / epoch | paper |\n|---|---|---|---|---|---|");
        s.append("---|".repeat(layers)).append("---|---|\n");
        for (ArmSummary a : arms) {
            s.append("| ").append(a.arm().label()).append(" | ").append(a.seeds()).append(" | ").append(a.epochsRun())
                    .append(" | ").append(pm(a.finalMean(), a.finalStd())).append(" | ")
                    .append(pm(a.bestMean(), a.bestStd())).append(" | ").append(toTarget(a)).append(" |");
            for (int l = 0; l < layers; l++) {
                s.append(' ').append(pct(a.dead(1, l))).append(" → ").append(pct(a.deadLast(l))).append(" |");
            }
            s.append(String.format(Locale.ROOT, " %.1f | %s |%n", a.secondsPerEpoch(),
                    a.arm().paper().isEmpty() ? "–" : a.arm().paper()));
        }
        s.append("\nDead-neuron fraction per epoch (no spike in any training batch of the epoch), mean over seeds, and "
                + "test accuracy:\n\n");
        int maxEpochs = arms.stream().mapToInt(ArmSummary::epochsRun).max().orElse(0);
        s.append("| variant / loss / setting | |");
        for (int e = 1; e <= maxEpochs; e++) {
            s.append(" ep").append(e).append(" |");
        }
        s.append("\n|---|---|").append("---|".repeat(maxEpochs)).append('\n');
        for (ArmSummary a : arms) {
            s.append("| ").append(a.arm().label()).append(" | test acc |");
            for (int e = 1; e <= maxEpochs; e++) {
                s.append(' ').append(pct(a.accuracyAt(e))).append(" |");
            }
            s.append('\n');
            for (int l = 0; l < a.layers(); l++) {
                s.append("| | dead L").append(l + 1).append(" |");
                for (int e = 1; e <= maxEpochs; e++) {
                    s.append(' ').append(pct(a.dead(e, l))).append(" |");
                }
                s.append('\n');
            }
        }
        s.append("\nWhat the numbers say (a difference counts when it exceeds 1 percentage point and the larger "
                + "seed standard deviation):\n\n");
        for (Suite.Comparison c : suite.comparisons()) {
            ArmSummary a = find(arms, c.a());
            ArmSummary b = find(arms, c.b());
            if (a == null || b == null) {
                s.append("- ").append(c.claim()).append(": not run yet.\n");
                continue;
            }
            s.append("- ").append(verdict(c, a, b)).append('\n');
        }
        return s.toString();
    }

    /** One sentence: the claim, both numbers, and whether the effect appeared. */
    static String verdict(Suite.Comparison c, ArmSummary a, ArmSummary b) {
        double d = a.finalMean() - b.finalMean();
        // "Exceeds": a difference of exactly 1 pp (one test sample in 100) does not count; 1e-9 absorbs rounding.
        double tol = Math.max(MIN_DIFFERENCE, Math.max(nanToZero(a.finalStd()), nanToZero(b.finalStd()))) + 1e-9;
        String acc = String.format(Locale.ROOT, "%s (claim: %s): final test accuracy %s vs %s (%+.1f pp)", c.a(),
                c.claim(), pct(a.finalMean()), pct(b.finalMean()), 100 * d);
        String out;
        if (d > tol) {
            out = acc + ": the effect appeared.";
        } else if (d < -tol) {
            out = acc + ": the opposite appeared, " + c.b() + " is better.";
        } else {
            out = acc + ": no difference beyond the spread; the effect did not appear here.";
        }
        if (c.deadLayer() >= 0 && c.deadLayer() < Math.min(a.layers(), b.layers())) {
            double da = a.deadLast(c.deadLayer());
            double db = b.deadLast(c.deadLayer());
            out += String.format(Locale.ROOT, " Dead neurons in layer %d at the last epoch: %s vs %s%s", c.deadLayer() + 1,
                    pct(da), pct(db), da < db - MIN_DIFFERENCE - 1e-9 ? " (fewer with " + c.a().split(" / ")[0] + ")."
                            : da > db + MIN_DIFFERENCE + 1e-9 ? " (more with " + c.a().split(" / ")[0] + ")."
                            : " (no difference).");
        }
        return out;
    }

    private static ArmSummary find(List<ArmSummary> arms, String label) {
        return arms.stream().filter(a -> a.arm().label().equals(label) && a.seeds() > 0).findFirst().orElse(null);
    }

    private static String toTarget(ArmSummary a) {
        if (a.reached() == 0) {
            return "not reached";
        }
        String m = String.format(Locale.ROOT, "%.1f", a.epochsToTargetMean());
        return a.reached() == a.seeds() ? m : m + " (" + a.reached() + "/" + a.seeds() + " seeds)";
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }

    static String pm(double mean, double std) {
        return Double.isNaN(std) ? pct(mean) : String.format(Locale.ROOT, "%.1f ± %.1f %%", 100 * mean, 100 * std);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String csvField(String v) {
        return v.contains(",") || v.contains("\"") ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
