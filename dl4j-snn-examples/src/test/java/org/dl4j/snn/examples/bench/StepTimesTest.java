package org.dl4j.snn.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StepTimesTest {

    @Test
    void medianIgnoresOneSlowOutlierAndPerSecondUsesIt() {
        StepTimes t = new StepTimes(5);
        for (long ms : new long[] {50, 40, 1000, 60, 45}) t.add(ms * 1_000_000L);

        assertThat(t.medianMs()).isEqualTo(50.0);
        assertThat(t.minMs()).isEqualTo(40.0);
        assertThat(t.perSecond(32)).isCloseTo(640.0, within(1e-9));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        StepTimes t = new StepTimes(4);
        for (long ms : new long[] {10, 40, 20, 30}) t.add(ms * 1_000_000L);

        assertThat(t.medianMs()).isEqualTo(25.0);
    }

    @Test
    void refusesToSummariseNothingOrToOverflow() {
        StepTimes t = new StepTimes(1);
        assertThatThrownBy(t::medianMs).isInstanceOf(IllegalStateException.class);
        t.add(1);
        assertThatThrownBy(() -> t.add(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new StepTimes(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
