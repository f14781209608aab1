package org.dl4j.snn.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
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
}
