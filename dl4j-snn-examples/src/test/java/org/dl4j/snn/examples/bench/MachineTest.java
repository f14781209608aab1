package org.dl4j.snn.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineTest {

    @Test
    void oneLineWithCoresOsAndJavaAndTheVmOnlyWhenAskedFor() {
        String line = Machine.describe();

        assertThat(line).doesNotContain("\n")
                .contains(", " + Machine.cores(Runtime.getRuntime().availableProcessors()))
                .endsWith(", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                        + System.getProperty("java.version"));
        assertThat(Machine.describeWithVm()).isEqualTo(line + " (" + System.getProperty("java.vm.name") + ")");
    }

    @Test
    void oneCoreIsSingular() {
        // A JVM under taskset -c 0 sees one core: the reports said "1 cores".
        assertThat(Machine.cores(1)).isEqualTo("1 core");
        assertThat(Machine.cores(2)).isEqualTo("2 cores");
    }

    @Test
    void firstValueIsTheTextAfterTheColonOfTheFirstMatchingLine(@TempDir Path dir) throws Exception {
        Path info = dir.resolve("cpuinfo");
        Files.writeString(info, "processor\t: 0\nmodel name\t: AMD EPYC\nmodel name\t: other\n");

        assertThat(Machine.firstValue(info, "model name")).isEqualTo("AMD EPYC");
        assertThat(Machine.firstValue(info, "MemTotal")).isNull();
        assertThat(Machine.firstValue(dir.resolve("missing"), "model name")).isNull();
    }
}
