package org.dl4j.snn.examples.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers of one {@link Arm} over its seeds: mean and sample standard deviation (n - 1; NaN for one seed) of the
 * final and best test accuracy, epochs to the target accuracy (mean over the seeds that reached it), dead-neuron
 * fractions per layer at epoch 1 and at the last epoch, seconds per epoch.
 */
public record ArmSummary(Arm arm, List<RunResult> runs, double target) {

    public ArmSummary {
        runs = List.copyOf(runs);
    }

    /** The summaries of the arms of {@code suite} that have runs, in the suite's arm order. */
    public static List<ArmSummary> perArm(Suite suite, List<RunResult> runs) {
        List<ArmSummary> out = new ArrayList<>();
        for (Arm a : suite.arms()) {
            List<RunResult> mine = runs.stream().filter(r -> r.arm().equals(a)).toList();
            if (!mine.isEmpty()) {
                out.add(new ArmSummary(a, mine, suite.target()));
            }
        }
        return out;
    }

    public int seeds() { return runs.size(); }

    public double finalMean() { return mean(runs.stream().mapToDouble(RunResult::finalAccuracy).toArray()); }
    public double finalStd() { return std(runs.stream().mapToDouble(RunResult::finalAccuracy).toArray()); }
    public double bestMean() { return mean(runs.stream().mapToDouble(RunResult::bestAccuracy).toArray()); }
    public double bestStd() { return std(runs.stream().mapToDouble(RunResult::bestAccuracy).toArray()); }

    /** Runs whose test accuracy reached the target in some epoch. */
    public int reached() {
        return (int) runs.stream().filter(r -> r.epochsTo(target) > 0).count();
    }

    /** Mean epochs to the target over the runs that reached it; NaN when none did. */
    public double epochsToTargetMean() {
        return mean(runs.stream().mapToInt(r -> r.epochsTo(target)).filter(e -> e > 0).asDoubleStream().toArray());
    }

    /** Spiking layers (the most any run has). */
    public int layers() {
        return runs.stream().mapToInt(r -> r.layers().size()).max().orElse(0);
    }

    /** Mean over seeds of layer {@code layer}'s dead fraction in epoch {@code epoch} (1-based; NaN if absent). */
    public double dead(int epoch, int layer) {
        return mean(runs.stream().filter(r -> r.epochs().size() >= epoch && r.layers().size() > layer)
                .mapToDouble(r -> r.epochs().get(epoch - 1).dead()[layer]).toArray());
    }

    /** Mean over seeds of layer {@code layer}'s dead fraction in each run's last epoch. */
    public double deadLast(int layer) {
        return mean(runs.stream().filter(r -> !r.epochs().isEmpty() && r.layers().size() > layer)
                .mapToDouble(r -> r.epochs().get(r.epochs().size() - 1).dead()[layer]).toArray());
    }

    /** Epochs of the longest run. */
    public int epochsRun() {
        return runs.stream().mapToInt(r -> r.epochs().size()).max().orElse(0);
    }

    /** Mean accuracy over seeds at epoch {@code epoch} (1-based). */
    public double accuracyAt(int epoch) {
        return mean(runs.stream().filter(r -> r.epochs().size() >= epoch)
                .mapToDouble(r -> r.epochs().get(epoch - 1).accuracy()).toArray());
    }

    public double secondsPerEpoch() {
        return mean(runs.stream().flatMap(r -> r.epochs().stream()).mapToDouble(RunResult.Epoch::seconds).toArray());
    }

    static double mean(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation (divides by n - 1); NaN below two values. */
    static double std(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
