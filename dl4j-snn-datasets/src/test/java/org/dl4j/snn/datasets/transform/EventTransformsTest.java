package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTransformsTest {

    @Test
    void denoiseKeepsEventsWithARecentFourNeighbourAsTonicDoes() {
        Events e = TestEvents.of(3, 1, new long[][] {
                {1, 0, 3, 1},    // kept: tonic's memory starts at filter_time, so (0,0) looks active before t=10
                {0, 0, 100, 1},  // dropped: right neighbour's memory 3+10 = 13 <= 100
                {1, 0, 105, 0},  // kept: left neighbour fired at 100, 110 > 105
                {2, 0, 200, 1},  // dropped: left neighbour memory 115 <= 200
                {2, 0, 209, 1},  // dropped: the same pixel does not count
                {1, 0, 215, 1}}); // kept: right neighbour memory 209+10 = 219 > 215
        Events kept = new Denoise(10).apply(e, null);
        assertThat(kept.t()).containsExactly(3, 105, 215);
        assertThat(kept.x()).containsExactly((short) 1, (short) 1, (short) 1);
        assertThat(kept.p()).containsExactly((byte) 1, (byte) 0, (byte) 1);
    }

    @Test
    void denoiseLooksAtVerticalNeighboursButNotDiagonalOnes() {
        Events vertical = TestEvents.of(1, 3, new long[][] {{0, 0, 50, 1}, {0, 1, 55, 1}});
        assertThat(new Denoise(10).apply(vertical, null).t()).containsExactly(55);
        Events diagonal = TestEvents.of(2, 2, new long[][] {{0, 0, 50, 1}, {1, 1, 55, 1}});
        assertThat(new Denoise(10).apply(diagonal, null).size()).isZero();
    }

    @Test
    void spatialDownsampleMaps700ChannelsTo70ByIntegerDivision() {
        Events shd = TestEvents.of(700, 1, new long[][] {{0, 0, 1, 0}, {9, 0, 2, 0}, {10, 0, 3, 0}, {699, 0, 4, 0}});
        Events d = new SpatialDownsample(70, 1).apply(shd, null);
        assertThat(d.width()).isEqualTo(70);
        assertThat(d.x()).containsExactly((short) 0, (short) 0, (short) 1, (short) 69);
        assertThat(d.t()).containsExactly(1, 2, 3, 4);
        // 128x128 -> 32x32: factor 4 on both axes
        Events cam = TestEvents.of(128, 128, new long[][] {{127, 5, 0, 1}});
        Events c = new SpatialDownsample(32, 32).apply(cam, null);
        assertThat(c.x(0)).isEqualTo(31);
        assertThat(c.y(0)).isEqualTo(1);
        assertThatThrownBy(() -> new SpatialDownsample(800, 1).apply(shd, null)).hasMessageContaining("800x1");
    }

    @Test
    void timeScaleFloorsScaledTimestamps() {
        Events e = new TimeScale(0.001).apply(TestEvents.atTimes(0, 999, 1000, 1999, 2500), null);
        assertThat(e.t()).containsExactly(0, 0, 1, 1, 2);
    }

    @Test
    void randomCropKeepsExactlyOneWindowShiftedToTheOriginAndIsSeeded() {
        long[][] rows = new long[100][];
        for (int i = 0; i < 100; i++) {
            rows[i] = new long[] {i % 10, i / 10, i, i % 2};
        }
        Events all = TestEvents.of(10, 10, rows); // one event on every pixel
        Events a = new RandomCrop(4, 3).apply(all, new SplittableRandom(5));
        Events b = new RandomCrop(4, 3).apply(all, new SplittableRandom(5));
        assertThat(a.width()).isEqualTo(4);
        assertThat(a.height()).isEqualTo(3);
        assertThat(a.size()).isEqualTo(12);
        Set<Integer> pixels = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.x(i)).isBetween(0, 3);
            assertThat(a.y(i)).isBetween(0, 2);
            pixels.add(a.y(i) * 4 + a.x(i));
            // the shift is the same for every event: original x - cropped x is constant
            assertThat(all.x((int) a.t(i)) - a.x(i)).isEqualTo(all.x((int) a.t(0)) - a.x(0));
        }
        assertThat(pixels).hasSize(12);
        assertThat(b.t()).containsExactly(a.t());
    }

    @Test
    void randomFlipMirrorsEveryEventWhenDrawnAndNothingOtherwise() {
        Events e = TestEvents.of(5, 4, new long[][] {{0, 1, 0, 1}, {4, 3, 1, 0}});
        Events h = RandomFlip.horizontal(1).apply(e, new SplittableRandom(1));
        assertThat(h.x()).containsExactly((short) 4, (short) 0);
        assertThat(h.y()).containsExactly(e.y());
        Events v = RandomFlip.vertical(1).apply(e, new SplittableRandom(1));
        assertThat(v.y()).containsExactly((short) 2, (short) 0);
        Events p = RandomFlip.polarity(1).apply(e, new SplittableRandom(1));
        assertThat(p.p()).containsExactly((byte) 0, (byte) 1);
        assertThat(RandomFlip.horizontal(0).apply(e, new SplittableRandom(1))).isSameAs(e);
    }

    @Test
    void dropEventRemovesRoundedFractionKeepsOrderAndIsSeeded() {
        Events e = TestEvents.atTimes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Events a = new DropEvent(0.25).apply(e, new SplittableRandom(3));
        assertThat(a.size()).isEqualTo(7); // int(0.25 * 10 + 0.5) = 3 dropped
        assertThat(a.t()).isSorted().doesNotHaveDuplicates();
        assertThat(new DropEvent(0.25).apply(e, new SplittableRandom(3)).t()).containsExactly(a.t());
        assertThat(new DropEvent(1).apply(e, new SplittableRandom(3)).size()).isZero();
        assertThat(new DropEvent(0).apply(e, new SplittableRandom(3)).t()).containsExactly(e.t());
    }

    @Test
    void pipelinePreparesOnlyTheDeterministicPrefixAndNamesAllSettings() {
        EventPipeline p = EventPipeline.of(ToFrames.byFrameCount(2, Slicer.SplitBy.NUMBER),
                new SpatialDownsample(2, 2), RandomFlip.horizontal(1), new TimeScale(1));
        assertThat(p.isRandom()).isTrue();
        Events e = TestEvents.of(4, 4, new long[][] {{3, 3, 0, 1}, {0, 0, 1, 0}});
        Events prepared = p.prepare(e);
        assertThat(prepared.width()).isEqualTo(2);
        assertThat(prepared.x()).containsExactly((short) 1, (short) 0); // downsampled, not flipped yet
        Frames f = p.finish(prepared, new SplittableRandom(0));
        assertThat(f.get(0, 1, 1, 0)).isEqualTo(1); // ON event at x = 1 flipped to 0, y = 1
        assertThat(f.get(1, 0, 0, 1)).isEqualTo(1);
        assertThat(p.key()).contains("SpatialDownsample(2x2)", "RandomFlip(axis=HORIZONTAL,p=1.0)",
                "TimeScale(factor=1.0)", "FixedFrames(frames=2,splitBy=NUMBER)");
        assertThat(EventPipeline.of(ToFrames.byTimeBins(3), new Denoise(5)).isRandom()).isFalse();
    }
}
