package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dl4j.snn.examples.experiment.Arm;
import org.dl4j.snn.examples.experiment.Suite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExperimentCommandTest {

    private static ExperimentCommand parse(String... args) {
        ExperimentCommand c = new ExperimentCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void variantsTimesLossesGiveOneArmEachWithTheOptionsAndTheFirstArmAsReference() {
        Suite s = parse("--variants", "lif,plif+theta", "--loss", "sdt,tet", "--epochs", "4", "--seeds", "2",
                "--target", "0.8", "-T", "6", "--width", "32").plan();

        assertThat(s.arms()).extracting(Arm::label)
                .containsExactly("lif / sdt", "plif+theta / sdt", "lif / tet", "plif+theta / tet");
        assertThat(s.arms()).allSatisfy(a -> {
            assertThat(a.epochs()).isEqualTo(4);
            assertThat(a.steps()).isEqualTo(6);
            assertThat(a.width()).isEqualTo(32);
        });
        assertThat(s.seeds()).isEqualTo(2);
        assertThat(s.target()).isEqualTo(0.8);
        assertThat(s.comparisons()).extracting(Suite.Comparison::b).containsOnly("lif / sdt");
    }

    @Test
    void aNamedSuiteKeepsItsArmsAndTakesEpochsAndSeedsFromTheCommandLine() {
        Suite s = parse("--suite", "rouser", "--epochs", "2", "--seeds", "3").plan();

        assertThat(s.arms()).extracting(Arm::variant).containsExactly("cuba", "cuba+theta");
        assertThat(s.arms()).extracting(Arm::epochs).containsOnly(2);
        assertThat(s.arms()).extracting(Arm::theta0).containsOnly(1.25);
        assertThat(s.seeds()).isEqualTo(3);
        assertThat(parse("--suite", "ablation").plan().seeds()).isEqualTo(3);
    }

    @Test
    void theRouserSuitesRunAtThePapersOneMillisecondBinsWithThreeSeedsAndTwentyEpochs() {
        for (String name : List.of("rouser", "bad-threshold")) {
            Suite s = Suite.named(name);
            assertThat(s.arms()).extracting(Arm::steps).as(name).containsOnly(300);
            assertThat(s.arms()).extracting(Arm::epochs).as(name).containsOnly(20);
            assertThat(s.seeds()).as(name).isEqualTo(3);
            assertThat(String.join(" ", s.notes())).as(name).doesNotContain("unaffordable")
                    .contains("300 bins of 1 ms");
        }
    }

    @Test
    void armsKeepsTheNumberedRowsOfASuiteAndOnlyTheComparisonsBetweenThem() {
        Suite s = parse("--suite", "bad-threshold", "--arms", "2,1").plan();

        assertThat(s.arms()).extracting(Arm::label).containsExactly(
                "cuba+theta / rate / Th_init 0.25, s 3, tau 3, lrTh 0.01", "cuba / rate / Th_init 0.25, s 3, tau 3, frozen");
        assertThat(s.comparisons()).hasSize(1);
        assertThatThrownBy(() -> parse("--suite", "rouser", "--arms", "3").plan()).hasMessageContaining("rows 1..2");
        assertThatThrownBy(() -> parse("--arms", "1").plan()).hasMessageContaining("--suite");
    }

    @Test
    void everyNamedSuiteIsDefinedAndItsComparisonsNameItsArms() {
        for (String name : Suite.NAMES) {
            Suite s = Suite.named(name);
            List<String> labels = s.arms().stream().map(Arm::label).toList();
            assertThat(s.comparisons()).allSatisfy(c -> assertThat(labels).contains(c.a(), c.b()));
        }
    }

    @Test
    void badVariantsDatasetsAndSuitesAreRejectedNamingWhatIsAllowed() {
        assertThatThrownBy(() -> parse("--variants", "plif+tau").plan())
                .hasMessageContaining("plif+tau").hasMessageContaining("theta, v0");
        assertThatThrownBy(() -> parse("--variants", "alif").plan()).hasMessageContaining("lif, plif or cuba");
        assertThatThrownBy(() -> parse("--dataset", "cifar").plan()).hasMessageContaining("nmnist or mnist");
        assertThatThrownBy(() -> parse("--suite", "nope").plan()).hasMessageContaining("ablation");
    }

    @Test
    void mnistWithoutRootIsAClearUsageError(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cl = SnnCli.commandLine();
        cl.setErr(new PrintWriter(err));

        int rc = cl.execute("experiment", "--dataset", "mnist", "--out", dir.toString());

        assertThat(rc).isNotZero();
        assertThat(err.toString()).contains("--root is required for dataset mnist");
    }

    @Test
    void aTinyRunOnTheBundledSampleWritesTheCsvsAndTheReport(@TempDir Path dir) throws Exception {
        int rc = SnnCli.commandLine().execute("experiment", "--variants", "lif,plif+theta+v0", "--epochs", "1",
                "--seeds", "1", "--width", "8", "-T", "4", "--train-limit", "32", "--test-limit", "16", "--out",
                dir.toString());

        assertThat(rc).isZero();
        List<String> summary = Files.readAllLines(dir.resolve("custom.csv"));
        assertThat(summary).hasSize(3);
        assertThat(summary.get(1)).startsWith("custom,nmnist,lif,sdt,,1,1,4,8,");
        assertThat(Files.readAllLines(dir.resolve("custom-epochs.csv"))).hasSize(3);
        String md = Files.readString(dir.resolve("custom.md"));
        assertThat(md).contains("java -jar dl4j-snn.jar experiment --variants lif,plif+theta+v0")
                .contains("Seeds: [42]").contains("limited to 32 training / 16 test samples").contains("Java ");
        assertThat(dir.resolve("runs/custom/lif-sdt-seed42/spike-monitor.csv")).exists();
    }

    @Test
    void twoArmsCommandsOnOneFolderGiveOneReportWithBothRows(@TempDir Path dir) throws Exception {
        for (String row : List.of("2", "1")) {
            int rc = SnnCli.commandLine().execute("experiment", "--suite", "bad-threshold", "--arms", row, "--epochs",
                    "1", "--seeds", "1", "--train-limit", "16", "--test-limit", "16", "--out", dir.toString());
            assertThat(rc).isZero();
        }

        List<String> summary = Files.readAllLines(dir.resolve("bad-threshold.csv"));
        assertThat(summary).hasSize(3);
        // the suite's order, not the order the commands ran in
        assertThat(summary.get(1)).startsWith("bad-threshold,nmnist,cuba+theta,rate,");
        assertThat(summary.get(2)).startsWith("bad-threshold,nmnist,cuba,rate,");
        assertThat(Files.readString(dir.resolve("bad-threshold.md"))).contains("--arms 1")
                .contains("this command ran rows 1; the runs of the other rows are an earlier command's")
                .contains("**Partial**: 2 of 4 runs");
    }
}
