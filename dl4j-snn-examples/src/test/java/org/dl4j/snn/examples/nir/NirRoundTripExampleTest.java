package org.dl4j.snn.examples.nir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NIR example trains, exports, re-imports and gets the same network back. */
class NirRoundTripExampleTest {
    @Test
    void trainsExportsReimportsAndCompares(@TempDir Path tmp) {
        NirRoundTripExample.Result r = NirRoundTripExample.run(tmp);
        assertThat(Files.isRegularFile(r.file())).isTrue();
        assertThat(r.trainAccuracy()).isGreaterThan(0.8);
        assertThat(r.hiddenSpikesEqual()).isTrue();
        assertThat(r.maxReadoutDifference()).isLessThan(1e-5);
        assertThat(r.synops()).isPositive();
    }
}
