package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import org.dl4j.snn.nir.NirGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * {@code nir export | import | run} and {@code energy} end to end: a model trained with {@code train} (default preset)
 * exports and runs from the file as it runs itself; every shared case's model.nir runs to sj_nir/ through a saved
 * zip, and its energy report equals SpikingJelly's op_counter counts; bad files give one-line errors.
 */
class NirCommandsTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path run;

    @BeforeAll
    static void trainARun() throws Exception {
        data = TinyDatasets.nmnist(tmp.resolve("nmnist"), new Random(5), 2, 1);
        run = tmp.resolve("run");
        CliRun r = CliRun.of("train", "--root", data.toString(), "--width", "16", "-T", "4", "--lr", "1e-2",
                "--batch", "4", "--epochs", "1", "--no-progress", "--output", run.toString());
        assertThat(r.exitCode()).as(r.both()).isZero();
    }

    static Path nirRoot() {
        String dir = System.getProperty("snn.nir.dir");
        return dir != null ? Paths.get(dir) : Paths.get("../../shared/nir");
    }

    static INDArray npy(Path p) {
        return Nd4j.createFromNpyFile(new File(p.toString()));
    }

    static JsonNode lastJsonLine(String out) throws Exception {
        List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).as(out).isNotEmpty();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    @Test
    void aTrainedDefaultPresetModelExportsAndTheFileRunsAsTheModel() throws Exception {
        Path file = tmp.resolve("trained.nir");
        CliRun ex = CliRun.of("nir", "export", "--model", run.toString(), "--output", file.toString());
        assertThat(ex.exitCode()).as(ex.both()).isZero();
        assertThat(ex.out()).contains("wrote " + file);
        NirGraph g = NirGraph.read(file);
        assertThat(g.nodesOfType("LI")).as("the readout becomes an LI node").hasSize(1);
        assertThat(g.nodesOfType("LIF")).hasSize(2);
        assertThat(g.nodesOfType("Affine")).hasSize(3);

        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 2 * 34 * 34).lt(0.2).castTo(DataType.FLOAT);
        Path xFile = tmp.resolve("x.npy");
        Nd4j.writeAsNumpy(x, xFile.toFile());
        Path yFile = tmp.resolve("y-file.npy");
        Path yModel = tmp.resolve("y-model.npy");
        CliRun r1 = CliRun.of("nir", "run", "--model", file.toString(), "--input", xFile.toString(), "--output",
                yFile.toString());
        CliRun r2 = CliRun.of("nir", "run", "--model", run.toString(), "--input", xFile.toString(), "--output",
                yModel.toString());
        assertThat(r1.exitCode()).as(r1.both()).isZero();
        assertThat(r2.exitCode()).as(r2.both()).isZero();
        INDArray a = npy(yFile);
        INDArray b = npy(yModel);
        assertThat(a.shape()).containsExactly(4, 3, 10);
        assertThat(Transforms.abs(a.sub(b)).maxNumber().doubleValue()).isLessThan(1e-5);

        CliRun energy = CliRun.of("energy", "--model", run.toString(), "--input", xFile.toString());
        assertThat(energy.exitCode()).as(energy.both()).isZero();
        JsonNode j = lastJsonLine(energy.out());
        assertThat(j.get("samples").asLong()).isEqualTo(3);
        assertThat(j.get("synops").asLong()).isPositive();
        assertThat(energy.out()).contains("memory and routing not counted");
        CliRun onData = CliRun.of("energy", "--model", run.toString(), "--root", data.toString(), "--samples", "5",
                "--precision", "int8");
        assertThat(onData.exitCode()).as(onData.both()).isZero();
        assertThat(lastJsonLine(onData.out()).get("samples").asLong()).isEqualTo(5);
        assertThat(lastJsonLine(onData.out()).get("precision").asText()).isEqualTo("int8");
    }

    @Test
    void everySharedCaseRunsThroughAnImportedZipAndItsEnergyEqualsOpCounter() throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(nirRoot().resolve("manifest.json").toFile());
        List<String> names = new java.util.ArrayList<>();
        manifest.get("cases").fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) manifest.get("cases").forEach(c -> names.add(c.get("name").asText()));
        assertThat(names).hasSize(7);
        for (String c : names) {
            Path dir = nirRoot().resolve(c);
            JsonNode cj = new ObjectMapper().readTree(dir.resolve("case.json").toFile());
            String dt = cj.get("dt").asText();
            Path zip = tmp.resolve(c + ".zip");
            CliRun im = CliRun.of("nir", "import", "--input", dir.resolve("model.nir").toString(), "--output",
                    zip.toString(), "--dt", dt);
            assertThat(im.exitCode()).as(c + im.both()).isZero();
            Path y = tmp.resolve(c + "-y.npy");
            CliRun rr = CliRun.of("nir", "run", "--model", zip.toString(), "--input", dir.resolve("input.npy").toString(),
                    "--output", y.toString());
            assertThat(rr.exitCode()).as(c + rr.both()).isZero();
            assertThat(npy(y)).as(c).isEqualTo(npy(dir.resolve("sj_nir").resolve("output.npy")));

            CliRun en = CliRun.of("energy", "--model", dir.resolve("model.nir").toString(), "--input",
                    dir.resolve("input.npy").toString(), "--dt", dt);
            assertThat(en.exitCode()).as(c + en.both()).isZero();
            JsonNode j = lastJsonLine(en.out());
            JsonNode expected = cj.get("op_counts").get("model_nir");
            assertThat(j.get("synops").asLong()).as(c).isEqualTo(expected.get("total").get("synops").asLong());
            assertThat(j.get("macs").asLong()).as(c).isEqualTo(expected.get("total").get("macs").asLong());
            assertThat(j.get("energy_pj_per_sample").asDouble()).as(c)
                    .isCloseTo(expected.get("energy_pj_fp32_per_sample").asDouble(),
                            org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    @Test
    void badFilesGiveOneLineErrorsNamingFileAndNode() throws Exception {
        Path junk = tmp.resolve("junk.nir");
        Files.writeString(junk, "no hdf5 here");
        CliRun r = CliRun.of("nir", "run", "--model", junk.toString(), "--input", "x.npy", "--output", "y.npy");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("junk.nir").doesNotContain("\tat ").doesNotContain("Exception in");
        Path braille = nirRoot().resolve("public").resolve("braille_noDelay_bias_zero.nir");
        CliRun b = CliRun.of("nir", "import", "--input", braille.toString(), "--output", tmp.resolve("b.zip").toString());
        assertThat(b.exitCode()).isEqualTo(1);
        assertThat(b.err()).contains("braille_noDelay_bias_zero.nir").contains("lif1.w_rec").contains("recurrent")
                .doesNotContain("\tat ");
        Path rock = nirRoot().resolve("public").resolve("lif_rockpool.nir");
        CliRun rk = CliRun.of("energy", "--model", rock.toString(), "--input", "x.npy");
        assertThat(rk.exitCode()).isEqualTo(1);
        assertThat(rk.err()).contains("'1_LIFNeuronTorch' (LIF)").doesNotContain("\tat ");
    }
}
