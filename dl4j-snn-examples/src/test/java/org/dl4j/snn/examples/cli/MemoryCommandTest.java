package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dl4j.snn.examples.bench.MemoryBench;
import org.junit.jupiter.api.Test;

class MemoryCommandTest {

    @Test
    void aChildsJsonLineParsesBackAndBecomesATableRow() {
        MemoryBench.Result r = new MemoryBench.Result(500, 300, 50, 16, 6, 812.25, 3.2, 0.123, 42.0);
        MemoryBench.Result back = MemoryBench.Result.parse(r.toJson());

        assertThat(back).isEqualTo(new MemoryBench.Result(500, 300, 50, 16, 6, 812.3, 3.2, 0.123, 42.0));
        String md = MemoryCommand.markdown(List.of(back), "java -jar dl4j-snn.jar memory");
        assertThat(md).startsWith("## Memory at long T")
                .contains("| 2312-500-500-10 | 300 | tBPTT 50 | 6 | 812 | 3.2 | 42.3 | 7.00 |");
        String withFull = MemoryCommand.markdown(List.of(new MemoryBench.Result(500, 300, 0, 16, 6, 600, 23.1, 0.1,
                60), back), "java -jar dl4j-snn.jar memory");
        assertThat(withFull).contains("Full BPTT at T = 300: peak RSS 600 MiB, under the goal");
        assertThat(new MemoryBench.Result(500, 300, 0, 16, 6, 1, 1, 0, 1).mode()).isEqualTo("full BPTT");
    }

    @Test
    void aLineWithoutAFieldIsRefusedNamingIt() {
        assertThatThrownBy(() -> MemoryBench.Result.parse("{\"net\":\"memory\",\"width\":500}"))
                .hasMessageContaining("\"T\"");
    }
}
