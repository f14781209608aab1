package org.dl4j.snn.convert.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantilesTest {

    @Test
    void linearInterpolationBetweenOrderStatistics() {
        // numpy.quantile([5, 1, 4, 2, 3], q): rank q*(n-1)
        assertThat(Quantiles.quantile(new float[] {5, 1, 4, 2, 3}, 0, 5, 0.5)).isEqualTo(3f);
        assertThat(Quantiles.quantile(new float[] {5, 1, 4, 2, 3}, 0, 5, 0.999)).isEqualTo(4.996f);
        assertThat(Quantiles.quantile(new float[] {5, 1, 4, 2, 3}, 0, 5, 0.1)).isEqualTo(1.4f);
        assertThat(Quantiles.quantile(new float[] {5, 1, 4, 2, 3}, 0, 5, 1.0)).isEqualTo(5f);
    }

    @Test
    void largeBatchesAreSubsampledFirstAsSpikingJellyDoes() {
        int n = Quantiles.SUBSAMPLE_LIMIT + 1; // -> every 2nd element: 0, 2, 4, ...
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        float[] expected = new float[(n + 1) / 2];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = 2 * i;
        }
        assertThat(Quantiles.batchPercentile(v, 0.999)).isEqualTo(
                Quantiles.quantile(expected, 0, expected.length, 0.999));
        float[] small = {3, 1, 2};
        assertThat(Quantiles.batchPercentile(small, 0.5)).isEqualTo(2f);
    }

    @Test
    void topValuesGiveTheExactQuantileOfAStream() {
        Random r = new Random(4);
        for (double q : new double[] {0.5, 0.9, 0.999, 1.0}) {
            int total = 100_000;
            float[] all = new float[total];
            Quantiles.TopValues top = new Quantiles.TopValues(total, q);
            for (int start = 0; start < total; start += 1000) {
                float[] chunk = new float[1000];
                for (int i = 0; i < chunk.length; i++) {
                    // many exact zeros and ties, as ReLU outputs have
                    chunk[i] = r.nextFloat() < 0.4 ? 0 : Math.round(r.nextFloat() * 5000) / 100f;
                }
                System.arraycopy(chunk, 0, all, start, chunk.length);
                top.add(chunk, 0, chunk.length);
            }
            float[] sorted = Arrays.copyOf(all, total);
            assertThat(top.quantile()).as("q=%s", q).isEqualTo(Quantiles.quantile(sorted, 0, total, q));
        }
    }

    @Test
    void topValuesCheckTheCount() {
        Quantiles.TopValues top = new Quantiles.TopValues(10, 0.9);
        top.add(new float[] {1, 2, 3}, 0, 3);
        assertThatThrownBy(top::quantile).hasMessageContaining("expected 10 values, got 3");
    }
}
