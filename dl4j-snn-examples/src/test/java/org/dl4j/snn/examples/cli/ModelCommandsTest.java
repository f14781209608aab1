package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.dl4j.snn.examples.plot.CsvTable;
import org.dl4j.snn.examples.plot.RunPlots;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate}, {@code predict} and {@code plot} on a run trained here for two epochs. */
class ModelCommandsTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path run;

    @BeforeAll
    static void trainARun() throws Exception {
        data = TinyDatasets.nmnist(tmp.resolve("nmnist"), new Random(5), 2, 1);
        run = tmp.resolve("run");
        CliRun r = CliRun.of("train", "--preset", "nmnist_mlp", "--root", data.toString(), "--width", "16", "-T", "4",
                "--lr", "1e-2", "--batch", "4", "--epochs", "2", "--no-progress", "--output", run.toString());
        assertThat(r.exitCode()).as(r.both()).isZero();
    }

    @Test
    void evaluateReadsTheRunsSettingsAndPrintsAccuracyPerClassAndConfusion() {
        CliRun r = CliRun.of("evaluate", "--model", run.toString());

        assertThat(r.exitCode()).as(r.both()).isZero();
        assertThat(r.out()).contains("preset nmnist_mlp, T=4").contains(": 10 samples")
                .containsPattern("(?m)^accuracy: \\d\\.\\d{4}$").contains("Confusion").contains("Precision");
        // The same number as the training run's last epoch.
        String trained = CliRun.of("evaluate", "--model", run.resolve("model.zip").toString()).out();
        assertThat(trained).containsPattern("(?m)^accuracy: \\d\\.\\d{4}$");
    }

    @Test
    void predictPrintsOneLinePerSampleWithItsFile() throws Exception {
        CliRun r = CliRun.of("predict", "--model", run.toString(), "--limit", "3");

        assertThat(r.exitCode()).as(r.both()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("sample\tpredicted\ttrue");
        assertThat(lines.subList(1, 4)).allSatisfy(l -> assertThat(l).matches(".*\\.bin\t\\d\t\\d"));
        assertThat(lines.get(4)).matches("\\d of 3 correct");

        String file;
        try (var files = Files.list(data.resolve("Test").resolve("7"))) {
            file = files.findFirst().orElseThrow().getFileName().toString();
        }
        CliRun one = CliRun.of("predict", "--model", run.toString(), file);
        assertThat(one.exitCode()).as(one.both()).isZero();
        assertThat(one.out().lines().toList()).hasSize(3);
        assertThat(one.out()).contains(file).containsPattern("\t7\n");
    }

    @Test
    void plotCurvesRatesAndRasterWritePngAndSvg() throws Exception {
        Path out = tmp.resolve("plots");
        assertThat(CliRun.of("plot", "curves", "--run", run.toString(), "--out", out.toString()).exitCode())
                .isZero();
        assertThat(CliRun.of("plot", "rates", "--run", run.toString(), "--out", out.toString()).exitCode())
                .isZero();
        CliRun raster = CliRun.of("plot", "raster", "--model", run.toString(), "--sample", "3", "--layer", "1",
                "--out", out.toString());
        assertThat(raster.exitCode()).as(raster.both()).isZero();

        for (String name : List.of("curves", "firing-rate", "dead", "saturated", "raster-layer1-s3",
                "rate-neurons-layer1-s3", "rate-time-layer1-s3")) {
            assertPng(out.resolve(name + ".png"));
            assertThat(Files.readString(out.resolve(name + ".svg"))).as(name).contains("<svg");
        }
    }

    @Test
    void plotAblationDrawsBarsAndNamesMissingColumns() throws Exception {
        Path csv = Files.writeString(tmp.resolve("results.csv"), """
                variant,loss,runs,final_acc_mean,final_acc_std
                lif,sdt,3,0.81,0.02
                lif,tet,3,0.84,0.01
                plif,sdt,3,0.86,0.015
                plif,tet,3,0.88,0.01
                """);
        CliRun ok = CliRun.of("plot", "ablation", "--csv", csv.toString());
        assertThat(ok.exitCode()).as(ok.both()).isZero();
        assertPng(tmp.resolve("ablation.png"));

        Path settings = Files.writeString(tmp.resolve("settings.csv"), """
                variant,loss,setting,final_acc_mean,final_acc_std
                cuba,rate,"Th_init 0.25, frozen",0.36,
                cuba,rate,"Th_init 5, frozen",0.30,
                """);
        CliRun bySetting = CliRun.of("plot", "ablation", "--csv", settings.toString());
        assertThat(bySetting.exitCode()).as(bySetting.both()).isZero();
        java.util.Collection<?> groups = RunPlots.ablation(CsvTable.read(settings, RunPlots.ABLATION_COLUMNS), "t").getSeriesMap()
                .get("rate").getXData();
        assertThat(groups).hasToString("[cuba (Th_init 0.25, frozen), cuba (Th_init 5, frozen)]");

        Path repeated = Files.writeString(tmp.resolve("repeated.csv"),
                "variant,loss,final_acc_mean,final_acc_std\nlif,sdt,0.8,\nlif,sdt,0.7,\n");
        CliRun twice = CliRun.of("plot", "ablation", "--csv", repeated.toString());
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.err()).contains("repeated.csv: line 3 repeats variant 'lif' with loss 'sdt'");

        Path bad = Files.writeString(tmp.resolve("bad.csv"), "variant,acc\nlif,0.8\n");
        CliRun missing = CliRun.of("plot", "ablation", "--csv", bad.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("bad.csv").contains("[loss, final_acc_mean, final_acc_std]");
    }

    @Test
    void aMissingModelIsNamed() {
        CliRun r = CliRun.of("evaluate", "--model", tmp.resolve("nothing").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("nothing").contains("does not exist");
    }

    private static void assertPng(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as(png.toString()).isNotNull();
        assertThat(img.getWidth()).isGreaterThanOrEqualTo(400);
    }
}
