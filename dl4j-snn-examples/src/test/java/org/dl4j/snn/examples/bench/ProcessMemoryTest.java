package org.dl4j.snn.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcessMemoryTest {

    @Test
    void parsesKibibyteFieldsOfProcStatusIntoMebibytes() {
        List<String> status = List.of("Name:\tjava", "VmHWM:\t  368640 kB", "VmRSS:\t  204800 kB");

        assertThat(ProcessMemory.parse(status, "VmHWM:")).isEqualTo(360.0);
        assertThat(ProcessMemory.parse(status, "VmRSS:")).isEqualTo(200.0);
        assertThat(ProcessMemory.parse(status, "VmSwap:")).isNaN();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void peakIsAtLeastTheCurrentResidentSetOfThisJvm() {
        double rss = ProcessMemory.rssMib();
        double peak = ProcessMemory.peakRssMib();

        assertThat(rss).isGreaterThan(10.0);
        assertThat(peak).isGreaterThanOrEqualTo(rss);
    }
}
