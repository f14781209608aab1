package org.dl4j.snn.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs({OS.LINUX, OS.MAC})
class ReferenceScriptTest {

    @Test
    void runLinesKeepsTheJsonLinesAndSkipsOtherOutput() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "echo starting; echo '{\"net\":\"mlp\",\"samples_per_s\":"
                + "300,\"step_ms_median\":106.7,\"step_ms_min\":100,\"peak_rss_mib\":360,\"threads\":2}'");

        List<BenchResult> r = ReferenceScript.runLines(pb, "test");

        assertThat(r).singleElement().satisfies(b -> assertThat(b.samplesPerS()).isEqualTo(300.0));
    }

    @Test
    void aFailingProcessIsReportedWithItsExitCodeAndLastLines() {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "echo 'ModuleNotFoundError: torch'; exit 3");

        assertThatThrownBy(() -> ReferenceScript.runLines(pb, "reference mlp"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("reference mlp exited with code 3")
                .hasMessageContaining("ModuleNotFoundError: torch");
    }

    @Test
    void aMissingPythonOrScriptIsAReasonNotAnError() {
        ReferenceScript noPython = new ReferenceScript(Path.of("/nonexistent/python3"), ReferenceScript.locate());
        ReferenceScript noScript = new ReferenceScript(Path.of("/bin/sh"), Path.of("/nonexistent/script.py"));

        assertThat(noPython.unavailableReason()).isNotNull();
        assertThat(noScript.unavailableReason()).contains("reference script not found");
    }

    @Test
    void theReferenceScriptShipsWithTheCheckout() {
        assertThat(ReferenceScript.locate()).isNotNull().hasFileName("spikingjelly_reference.py");
    }

    @Test
    void theReferenceRunsWithGlibcKeepingFreedMemoryUnlessAskedNotTo(@TempDir Path dir) throws Exception {
        // A stand-in "script" run by sh that reports the environment variable it was given.
        Path script = dir.resolve("reference.sh");
        java.nio.file.Files.writeString(script, "echo \"{\\\"net\\\":\\\"mlp\\\",\\\"samples_per_s\\\":1,"
                + "\\\"step_ms_median\\\":1,\\\"step_ms_min\\\":1,\\\"peak_rss_mib\\\":1,\\\"threads\\\":2,"
                + "\\\"tunables\\\":\\\"${GLIBC_TUNABLES:-none}\\\"}\"\n");
        BenchResult retained = new ReferenceScript(Path.of("/bin/sh"), script, true)
                .run(BenchNet.MLP, 1, 0, 2, 0.05, 1);
        BenchResult plain = new ReferenceScript(Path.of("/bin/sh"), script, false)
                .run(BenchNet.MLP, 1, 0, 2, 0.05, 1);

        assertThat(retained.extra().get("tunables")).isEqualTo(System.getenv().getOrDefault("GLIBC_TUNABLES",
                ReferenceScript.RETAIN_MEMORY));
        assertThat(plain.extra().get("tunables")).isEqualTo(System.getenv().getOrDefault("GLIBC_TUNABLES", "none"));
    }
}
