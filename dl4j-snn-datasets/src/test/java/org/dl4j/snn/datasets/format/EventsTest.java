package org.dl4j.snn.datasets.format;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventsTest {

    @Test
    void betweenKeepsEventsWithFromAtOrBeforeTAndTBeforeToInFileOrderEvenWhenUnsorted() {
        Events e = new Events(4, 3, new short[]{0, 1, 2, 3, 0}, new short[]{0, 1, 2, 0, 1},
                new long[]{30, 10, 20, 25, 19}, new byte[]{1, 0, 1, 0, 1});
        Events w = e.between(19, 30);
        assertThat(w.t()).containsExactly(20, 25, 19);
        assertThat(w.x()).containsExactly((short) 2, (short) 3, (short) 0);
        assertThat(w.y()).containsExactly((short) 2, (short) 0, (short) 1);
        assertThat(w.p()).containsExactly((byte) 1, (byte) 0, (byte) 1);
        assertThat(w.width()).isEqualTo(4);
        assertThat(w.height()).isEqualTo(3);
        assertThat(e.between(31, 40).size()).isZero();
    }

    @Test
    void arraysOfDifferentLengthAreRejected() {
        assertThatThrownBy(() -> new Events(2, 2, new short[2], new short[2], new long[1], new byte[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t=1");
    }
}
