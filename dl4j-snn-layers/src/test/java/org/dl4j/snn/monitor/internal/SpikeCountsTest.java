package org.dl4j.snn.monitor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.dl4j.snn.monitor.SpikeSummary;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

public class SpikeCountsTest {

    /** Spikes [b, N, T] from rows written per (sample, neuron) as strings of 0/1 over time. */
    public static INDArray dense(String[][] rows) {
        int b = rows.length;
        int n = rows[0].length;
        int t = rows[0][0].length();
        INDArray x = Nd4j.zeros(DataType.FLOAT, b, n, t);
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < t; k++) {
                    x.putScalar(new long[] {i, j, k}, rows[i][j].charAt(k) == '1' ? 1 : 0);
                }
            }
        }
        return x;
    }

    // 2 samples, 4 neurons, 3 steps: n0 silent, n1 always on, n2 two spikes, n3 on in sample 0 only partly in 1.
    static final String[][] BATCH = {
            {"000", "111", "100", "111"},
            {"000", "111", "001", "110"}};

    @Test
    void countsRatesDeadAndSaturatedOfOneBatchAsComputedByHand() {
        SpikeCounts c = new SpikeCounts("test");
        c.add(dense(BATCH), null);

        assertThat(c.perNeuron()).containsExactly(0, 6, 2, 5);
        SpikeSummary s = c.summary();
        assertThat(s.neurons()).isEqualTo(4);
        assertThat(s.samples()).isEqualTo(2);
        assertThat(s.sampleSteps()).isEqualTo(6);
        assertThat(s.spikes()).isEqualTo(13);
        assertThat(s.meanRate()).isCloseTo(13.0 / 24, within(1e-15));
        assertThat(s.dead()).isEqualTo(1);
        assertThat(s.saturated()).isEqualTo(1);
        assertThat(s.deadFraction()).isEqualTo(0.25);
        assertThat(s.saturatedFraction()).isEqualTo(0.25);
    }

    @Test
    void deadAndSaturatedAreJudgedOverTheWholeIntervalNotPerBatch() {
        SpikeCounts c = new SpikeCounts("test");
        c.add(dense(BATCH), null);
        // n0 fires once in the second batch (no longer dead); n1 misses one step (no longer saturated);
        // n3 is on at every step of this batch but was not in the first one.
        c.add(dense(new String[][] {{"010", "101", "000", "111"}}), null);

        assertThat(c.perNeuron()).containsExactly(1, 8, 2, 8);
        SpikeSummary s = c.summary();
        assertThat(s.samples()).isEqualTo(3);
        assertThat(s.sampleSteps()).isEqualTo(9);
        assertThat(s.dead()).isZero();
        assertThat(s.saturated()).isZero();
        assertThat(s.meanRate()).isCloseTo(19.0 / 36, within(1e-15));
        assertThat(c.batches()).isEqualTo(2);
    }

    @Test
    void maskedStepsAreNeitherCountedNorRequiredForSaturation() {
        // Sample 1 has 2 valid steps; its padded step spikes in n0 (ignored) and is silent in n1 (not required).
        INDArray spikes = dense(new String[][] {
                {"000", "111", "010"},
                {"001", "110", "100"}});
        INDArray mask = Nd4j.createFromArray(new float[][] {{1, 1, 1}, {1, 1, 0}});
        SpikeCounts c = new SpikeCounts("test");
        c.add(spikes, mask);

        assertThat(c.perNeuron()).containsExactly(0, 5, 2);
        SpikeSummary s = c.summary();
        assertThat(s.sampleSteps()).isEqualTo(5);
        assertThat(s.dead()).isEqualTo(1);
        assertThat(s.saturated()).isEqualTo(1);
        assertThat(s.meanRate()).isCloseTo(7.0 / 15, within(1e-15));
    }

    @Test
    void convNeuronsAreChannelTimesPositionsInChannelMajorOrder() {
        // [b=1, C=2, T=2, H=1, W=2]; neuron index (c*H + h)*W + w.
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 2, 2, 1, 2);
        x.putScalar(new long[] {0, 0, 0, 0, 1}, 1); // c0 w1 at t0
        x.putScalar(new long[] {0, 0, 1, 0, 1}, 1); // c0 w1 at t1 -> saturated
        x.putScalar(new long[] {0, 1, 1, 0, 0}, 1); // c1 w0 at t1
        SpikeCounts c = new SpikeCounts("conv");
        c.add(x, Nd4j.ones(DataType.FLOAT, 1, 2));

        assertThat(c.perNeuron()).containsExactly(0, 2, 1, 0);
        SpikeSummary s = c.summary();
        assertThat(s.neurons()).isEqualTo(4);
        assertThat(s.sampleSteps()).isEqualTo(2);
        assertThat(s.dead()).isEqualTo(2);
        assertThat(s.saturated()).isEqualTo(1);
    }

    @Test
    void maskedCountsOfRandomDenseAndConvBatchesMatchABruteForceLoop() {
        Nd4j.getRandom().setSeed(11);
        for (long[] shape : new long[][] {{3, 5, 7}, {3, 4, 6, 2, 3}}) {
            INDArray x = Nd4j.rand(DataType.FLOAT, shape).lt(0.4).castTo(DataType.FLOAT);
            INDArray mask = Nd4j.rand(DataType.FLOAT, shape[0], shape[2]).lt(0.7).castTo(DataType.FLOAT);
            long perStep = x.length() / (shape[0] * shape[1] * shape[2]);
            double[] expected = new double[(int) (shape[1] * perStep)];
            long steps = 0;
            for (int b = 0; b < shape[0]; b++) {
                for (int t = 0; t < shape[2]; t++) {
                    if (mask.getDouble(b, t) == 0) {
                        continue;
                    }
                    steps++;
                    for (int c = 0; c < shape[1]; c++) {
                        for (int s = 0; s < perStep; s++) {
                            double v = x.rank() == 3 ? x.getDouble(b, c, t)
                                    : x.getDouble(b, c, t, s / shape[4], s % shape[4]);
                            expected[(int) (c * perStep + s)] += v;
                        }
                    }
                }
            }
            SpikeCounts.Batch batch = SpikeCounts.count(x, mask, "random");
            assertThat(batch.perNeuron().toDoubleVector()).containsExactly(expected);
            assertThat(batch.sampleSteps()).isEqualTo(steps);
            assertThat(SpikeCounts.count(x, null, "random").sampleSteps()).isEqualTo(shape[0] * shape[2]);
        }
    }

    @Test
    void countsSurviveTheWorkspaceTheActivationsLivedIn() {
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(1 << 20)
                .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.NONE).build();
        SpikeCounts.Batch batch;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "SpikeCountsTestWS")) {
            INDArray spikes = dense(BATCH);
            assertThat(spikes.isAttached()).isTrue();
            batch = SpikeCounts.count(spikes, null, "test");
        }
        // Overwrite the workspace's memory with another array of the same size.
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "SpikeCountsTestWS")) {
            Nd4j.valueArrayOf(new long[] {64}, 7.0);
        }
        assertThat(batch.perNeuron().isAttached()).isFalse();
        assertThat(batch.perNeuron().toDoubleVector()).containsExactly(0, 6, 2, 5);
    }

    @Test
    void resetStartsANewInterval() {
        SpikeCounts c = new SpikeCounts("test");
        c.add(dense(BATCH), null);
        c.reset();
        assertThat(c.isEmpty()).isTrue();
        assertThatThrownBy(c::summary).isInstanceOf(IllegalStateException.class).hasMessageContaining("test");
        c.add(dense(new String[][] {{"1", "0"}}), null);
        assertThat(c.perNeuron()).containsExactly(1, 0);
    }

    @Test
    void badInputIsRejectedNamingTheLayer() {
        assertThatThrownBy(() -> SpikeCounts.count(Nd4j.zeros(2, 3), null, "SpikingDense 'd1' (layer 0)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'d1'")
                .hasMessageContaining("rank 2");
        assertThatThrownBy(() -> SpikeCounts.count(Nd4j.zeros(2, 3, 4), Nd4j.ones(2, 5), "SpikingDense 'd1'"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'d1'")
                .hasMessageContaining("[2, 4]").hasMessageContaining("[2, 5]");
        SpikeCounts c = new SpikeCounts("SpikingDense 'd1'");
        c.add(Nd4j.zeros(1, 3, 2), null);
        assertThatThrownBy(() -> c.add(Nd4j.zeros(1, 4, 2), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'d1'").hasMessageContaining("4 neurons");
    }
}
