package org.dl4j.snn.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mean / std / epochs-to-target and the files, on a synthetic result set computed by hand. */
class ResultsWriterTest {
    private static final Arm LIF = Arm.plain("s", "nmnist", "lif", "sdt", 3, 10, 500, 16, 1e-3);
    private static final Arm PLIF = Arm.plain("s", "nmnist", "plif", "sdt", 3, 10, 500, 16, 1e-3)
            .withPaper("99.61 %, conv");

    /** A run with the given test accuracies per epoch; layer 1 dead fraction 0.5, 0.25, 0.1; layer 2 0.2 always. */
    private static RunResult run(Arm arm, long seed, double... acc) {
        double[] dead1 = {0.5, 0.25, 0.1};
        List<RunResult.Epoch> epochs = new java.util.ArrayList<>();
        for (int e = 0; e < acc.length; e++) {
            epochs.add(new RunResult.Epoch(e + 1, 1.0 / (e + 1), acc[e], 10 + e, new double[] {dead1[e], 0.2},
                    new double[] {0.1, 0.2}, new double[] {Double.NaN, Double.NaN}));
        }
        return new RunResult(arm, seed, List.of("1:SpikingDense", "2:SpikingDense"), epochs);
    }

    private static final List<RunResult> RUNS = List.of(
            run(LIF, 1, 0.50, 0.80, 0.85), run(LIF, 2, 0.60, 0.90, 0.88), run(LIF, 3, 0.70, 0.75, 0.82),
            run(PLIF, 1, 0.60, 0.92, 0.90), run(PLIF, 2, 0.91, 0.80, 0.95), run(PLIF, 3, 0.80, 0.85, 0.97));

    private static Suite suite() {
        return new Suite("s", "Synthetic", List.of(LIF, PLIF), 3, 0.9,
                List.of(new Suite.Comparison("plif / sdt", "lif / sdt", "PLIF helps", 0),
                        new Suite.Comparison("lif / sdt", "lif / sdt", "nothing", -1)), List.of("a note"));
    }

    @Test
    void meanStdBestAndEpochsToTargetAsComputedByHand() {
        List<ArmSummary> s = ArmSummary.perArm(suite(), RUNS);
        ArmSummary lif = s.get(0);
        ArmSummary plif = s.get(1);

        // finals 0.85, 0.88, 0.82: mean 0.85, deviations 0, .03, -.03 -> var 0.0018/2 -> std 0.03
        assertThat(lif.finalMean()).isCloseTo(0.85, within(1e-12));
        assertThat(lif.finalStd()).isCloseTo(0.03, within(1e-12));
        // bests 0.85, 0.90, 0.82
        assertThat(lif.bestMean()).isCloseTo(0.8566666666666667, within(1e-12));
        // only seed 2 reaches 0.9, at epoch 2
        assertThat(lif.reached()).isEqualTo(1);
        assertThat(lif.epochsToTargetMean()).isEqualTo(2.0);
        // plif reaches 0.9 at epochs 2, 1, 3 -> mean 2
        assertThat(plif.reached()).isEqualTo(3);
        assertThat(plif.epochsToTargetMean()).isEqualTo(2.0);
        assertThat(plif.finalMean()).isCloseTo(0.94, within(1e-12));
        assertThat(plif.dead(1, 0)).isEqualTo(0.5);
        assertThat(plif.deadLast(0)).isCloseTo(0.1, within(1e-12));
        assertThat(plif.secondsPerEpoch()).isEqualTo(11.0);
        assertThat(new ArmSummary(LIF, List.of(RUNS.get(0)), 0.99).epochsToTargetMean()).isNaN();
        assertThat(new ArmSummary(LIF, List.of(RUNS.get(0)), 0.9).finalStd()).isNaN();
    }

    @Test
    void summaryCsvHasOneRowPerArmWithDeadFractionsPerLayerAndNotReached() {
        List<ArmSummary> s = ArmSummary.perArm(suite(), RUNS);
        String csv = ResultsWriter.summaryCsv(List.of(s.get(0), s.get(1),
                new ArmSummary(LIF, List.of(RUNS.get(2)), 0.9)));
        String[] lines = csv.split("\n");

        assertThat(lines[0]).isEqualTo("suite,dataset,variant,loss,setting,seeds,epochs,steps,width,final_acc_mean,"
                + "final_acc_std,best_acc_mean,best_acc_std,target,reached,epochs_to_target_mean,"
                + "dead_frac_epoch1_l1,dead_frac_epoch1_l2,dead_frac_last_l1,dead_frac_last_l2,sec_per_epoch,paper");
        assertThat(lines[1]).isEqualTo("s,nmnist,lif,sdt,,3,3,10,500,0.8500,0.0300,0.8567,0.0404,0.9000,1/3,2.0000,"
                + "0.5000,0.2000,0.1000,0.2000,11.0000,");
        assertThat(lines[2]).endsWith(",3/3,2.0000,0.5000,0.2000,0.1000,0.2000,11.0000,\"99.61 %, conv\"");
        assertThat(lines[3]).contains(",0/1,not reached,");
    }

    @Test
    void aDifferenceOfExactlyOnePointIsNotAnEffect() {
        Suite.Comparison c = new Suite.Comparison("plif / sdt", "lif / sdt", "PLIF helps", -1);
        ArmSummary a = new ArmSummary(PLIF, List.of(run(PLIF, 1, 0.35)), 0.9);
        ArmSummary b = new ArmSummary(LIF, List.of(run(LIF, 1, 0.36)), 0.9);
        ArmSummary c2 = new ArmSummary(LIF, List.of(run(LIF, 1, 0.37)), 0.9);

        assertThat(ResultsWriter.verdict(c, a, b)).contains("(-1.0 pp): no difference beyond the spread");
        assertThat(ResultsWriter.verdict(c, a, c2)).contains("(-2.0 pp): the opposite appeared, lif / sdt is better.");
    }

    @Test
    void epochsCsvHasOneRowPerRunAndEpoch() {
        String[] lines = ResultsWriter.epochsCsv(RUNS).split("\n");

        assertThat(lines).hasSize(1 + 6 * 3);
        assertThat(lines[0]).isEqualTo("suite,dataset,variant,loss,setting,seed,epoch,train_loss,test_acc,seconds,"
                + "dead_frac_l1,rate_l1,theta_mean_l1,dead_frac_l2,rate_l2,theta_mean_l2");
        assertThat(lines[2]).isEqualTo("s,nmnist,lif,sdt,,1,2,0.5000,0.8000,11.0000,0.2500,0.1000,,0.2000,0.2000,");
    }

    @Test
    void markdownStatesTheRunAndSaysWhetherEachEffectAppeared() {
        Suite suite = suite();
        String md = ResultsWriter.markdown(suite, new ResultsWriter.Header("java -jar dl4j-snn.jar experiment --x",
                "cpu, 2 cores", "2026-11-28T22:00:00Z", 600, List.of(1L, 2L, 3L), List.of("N-MNIST sample"), 7),
                ArmSummary.perArm(suite, RUNS));

        assertThat(md).contains("`java -jar dl4j-snn.jar experiment --x`").contains("cpu, 2 cores")
                .contains("10.0 min").contains("[1, 2, 3]").contains("**Partial**: 6 of 7 runs")
                .contains("| lif / sdt | 3 | 3 | 85.0 ± 3.0 % | 85.7 ± 4.0 % | 2.0 (1/3 seeds) | 50.0 % → 10.0 % |")
                .contains("| plif / sdt | 3 | 3 | 94.0 ± 3.6 % |").contains("99.61 %, conv")
                // plif - lif = +9 pp > max(1 pp, 3.6 pp)
                .contains("plif / sdt (claim: PLIF helps): final test accuracy 94.0 % vs 85.0 % (+9.0 pp): the "
                        + "effect appeared.")
                .contains("Dead neurons in layer 1 at the last epoch: 10.0 % vs 10.0 % (no difference).")
                .contains("(+0.0 pp): no difference beyond the spread; the effect did not appear here.");
    }

    private static final Arm CUBA = new Arm("s", "nmnist", "cuba", "rate", "Th_init 0.25, frozen", 3, 300, 500, 16,
            1e-3, 0.25, 0.01, 3, 3, "");

    private static Suite threeArms() {
        return new Suite("s", "Synthetic", List.of(LIF, PLIF, CUBA), 3, 0.9, List.of(), List.of());
    }

    private static ResultsWriter.Header header(String cmd) {
        return new ResultsWriter.Header(cmd, "cpu", "2026-12-07T00:00:00Z", 60, List.of(1L, 2L, 3L), List.of("d"), 9);
    }

    @Test
    void theEpochsCsvReadsBackAsTheRunsThatWroteIt(@TempDir Path dir) throws IOException {
        RunResult quoted = run(CUBA, 2, 0.1, 0.2);
        Path csv = dir.resolve("s-epochs.csv");
        Files.writeString(csv, ResultsWriter.epochsCsv(List.of(RUNS.get(0), RUNS.get(4), quoted)));

        List<RunResult> back = ResultsWriter.readEpochs(csv, threeArms());

        assertThat(back).hasSize(3);
        assertThat(back.get(2).arm()).isEqualTo(CUBA);
        assertThat(back.get(2).seed()).isEqualTo(2);
        assertThat(ResultsWriter.epochsCsv(back)).isEqualTo(Files.readString(csv));
        assertThat(back.get(1).layers()).hasSize(2);
    }

    @Test
    void armsRunBySeparateCommandsFillOneSetOfResultsFiles(@TempDir Path dir) throws IOException {
        Suite full = threeArms();
        // rows 1 and 2 by one command, then row 3 by another: the files hold all nine runs in the suite's order
        ResultsWriter.writeMerged(dir, full, full.only(List.of(1, 2)), RUNS, header("--arms 1,2"));
        List<RunResult> cuba = List.of(run(CUBA, 1, 0.1), run(CUBA, 2, 0.2), run(CUBA, 3, 0.3));
        ResultsWriter.writeMerged(dir, full, full.only(List.of(3)), cuba, header("--arms 3"));

        List<RunResult> all = ResultsWriter.readEpochs(dir.resolve("s-epochs.csv"), full);
        assertThat(all).extracting(r -> r.arm().variant() + r.seed())
                .containsExactly("lif1", "lif2", "lif3", "plif1", "plif2", "plif3", "cuba1", "cuba2", "cuba3");
        assertThat(Files.readString(dir.resolve("s.md"))).contains("`--arms 3`")
                .contains("Runs kept: this command ran rows 3; the runs of the other rows are an earlier command's")
                .doesNotContain("Partial");
        // re-running row 3 replaces its runs, keeping rows 1 and 2
        ResultsWriter.writeMerged(dir, full, full.only(List.of(3)), List.of(run(CUBA, 1, 0.9)), header("--arms 3"));
        all = ResultsWriter.readEpochs(dir.resolve("s-epochs.csv"), full);
        assertThat(all).hasSize(7);
        assertThat(all.get(6).finalAccuracy()).isEqualTo(0.9);
    }

    @Test
    void aDamagedEpochsCsvNamesTheFileAndLine(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("s-epochs.csv");
        Files.writeString(csv, ResultsWriter.epochsCsv(List.of(RUNS.get(0))).replace(",0.8000,", ",0.8x00,"));

        assertThatThrownBy(() -> ResultsWriter.readEpochs(csv, threeArms())).isInstanceOf(IOException.class)
                .hasMessageContaining("s-epochs.csv: line 3, column test_acc is not a number: '0.8x00'");
        Files.writeString(csv, "not,a,results,file\n");
        assertThatThrownBy(() -> ResultsWriter.readEpochs(csv, threeArms())).hasMessageContaining("lacks the column(s)");
    }
}
