package org.dl4j.snn.datasets.iterator;

import org.dl4j.snn.datasets.transform.Frames;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutTest {
    /** T=2, C=2, H=1, W=3 with value = 100*t + 10*c + w, so every position is recognisable. */
    private static Frames frames() {
        float[] d = new float[12];
        for (int t = 0; t < 2; t++) {
            for (int c = 0; c < 2; c++) {
                for (int w = 0; w < 3; w++) {
                    d[(t * 2 + c) * 3 + w] = 100 * t + 10 * c + w;
                }
            }
        }
        return new Frames(2, 2, 1, 3, d);
    }

    @Test
    void convLayoutIsChannelThenTimeThenSpace() {
        float[] buf = new float[24];
        Layout.CONV.write(frames(), buf, 1);
        assertThat(Layout.CONV.shape(2, frames())).containsExactly(2, 2, 2, 1, 3);
        // example 1 starts at 12; [C=2][T=2][H*W=3]
        float[] expected = {0, 1, 2, 100, 101, 102, 10, 11, 12, 110, 111, 112};
        for (int i = 0; i < 12; i++) {
            assertThat(buf[12 + i]).isEqualTo(expected[i]);
            assertThat(buf[i]).isZero();
        }
    }

    @Test
    void denseLayoutIsFeatureMajorWithTimeLast() {
        float[] buf = new float[12];
        Layout.DENSE.write(frames(), buf, 0);
        assertThat(Layout.DENSE.shape(1, frames())).containsExactly(1, 6, 2);
        // [F = c*3 + w][T]
        assertThat(buf).containsExactly(0, 100, 1, 101, 2, 102, 10, 110, 11, 111, 12, 112);
    }

    @Test
    void denseLayoutWritesOnlyTheNonZeroValuesOfSparseFrames() {
        float[] buf = new float[12];
        java.util.Arrays.fill(buf, -1f);
        Layout.DENSE.write(frames(), buf, 0);
        // frames()[t=0, c=0, w=0] is the only zero: its slot (F = 0, T = 0) keeps what the buffer held.
        assertThat(buf).containsExactly(-1, 100, 1, 101, 2, 102, 10, 110, 11, 111, 12, 112);
    }
}
