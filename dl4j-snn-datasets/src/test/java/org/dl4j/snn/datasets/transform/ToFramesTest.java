package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dl4j.snn.datasets.transform.TestEvents.perFrame;

class ToFramesTest {

    /** Eight events; timestamps chosen so every window boundary case appears (t = 10 exactly, t = 31 last). */
    private static final long[] TIMES = {0, 3, 9, 10, 15, 21, 25, 31};

    @Test
    void eventCountCutsFullFramesAndDropsTheRemainderLikeTonic() {
        // N = 8, count 3: floor((8-3)/3)+1 = 2 frames [0,3) [3,6); events 6, 7 out of range
        Frames f = ToFrames.byEventCount(3).integrate(TestEvents.atTimes(TIMES));
        assertThat(perFrame(f)).containsExactly(3, 3);
        // include_incomplete: ceil(5/3)+1 = 3 frames, the last one [6,8)
        Frames g = new ToFrames(new Slicer.EventCount(3, 0, true), ToFrames.Polarity.SPLIT, false)
                .integrate(TestEvents.atTimes(TIMES));
        assertThat(perFrame(g)).containsExactly(3, 3, 2);
        // overlap 1: stride 2, floor((8-3)/2)+1 = 3 frames [0,3) [2,5) [4,7)
        Frames h = new ToFrames(new Slicer.EventCount(3, 1, false), ToFrames.Polarity.SPLIT, false)
                .integrate(TestEvents.atTimes(TIMES));
        assertThat(perFrame(h)).containsExactly(3, 3, 3);
    }

    @Test
    void eventCountLargerThanTheRecordingGivesOneFrameWithEverything() {
        assertThat(perFrame(ToFrames.byEventCount(100).integrate(TestEvents.atTimes(TIMES)))).containsExactly(8);
    }

    @Test
    void timeWindowCountsHalfOpenWindowsFromTheFirstEvent() {
        // span 31, window 10: floor((31-10)/10)+1 = 3 windows [0,10) [10,20) [20,30); t=31 out of range
        Frames f = ToFrames.byTimeWindow(10).integrate(TestEvents.atTimes(TIMES));
        assertThat(perFrame(f)).containsExactly(3, 2, 2);
        // include_incomplete: ceil(21/10)+1 = 4 windows, [30,40) holds t=31
        Frames g = new ToFrames(new Slicer.TimeWindow(10, 0, true), ToFrames.Polarity.SPLIT, false)
                .integrate(TestEvents.atTimes(TIMES));
        assertThat(perFrame(g)).containsExactly(3, 2, 2, 1);
        // overlap 5: stride 5, floor(21/5)+1 = 5 windows [0,10) [5,15) [10,20) [15,25) [20,30)
        Frames h = new ToFrames(new Slicer.TimeWindow(10, 5, false), ToFrames.Polarity.SPLIT, false)
                .integrate(TestEvents.atTimes(TIMES));
        assertThat(perFrame(h)).containsExactly(3, 2, 2, 2, 2);
    }

    @Test
    void timeWindowsStartAtTheFirstEventNotAtZero() {
        Frames f = ToFrames.byTimeWindow(10).integrate(TestEvents.atTimes(100, 105, 110, 125));
        // windows [100,110) [110,120): floor((25-10)/10)+1 = 2
        assertThat(perFrame(f)).containsExactly(2, 1);
    }

    @Test
    void timeBinsUseTheIntegerWindowAndDropTheLastEventLikeTonic() {
        // w = 31 // 3 = 10: [0,10) [10,20) [20,30); t=31 is out of range
        assertThat(perFrame(ToFrames.byTimeBins(3).integrate(TestEvents.atTimes(TIMES)))).containsExactly(3, 2, 2);
        // w = 31 // 4 = 7: [0,7) [7,14) [14,21) [21,28); 31 out
        assertThat(perFrame(ToFrames.byTimeBins(4).integrate(TestEvents.atTimes(TIMES)))).containsExactly(2, 2, 1, 2);
    }

    @Test
    void fixedFramesByNumberPutsTheRemainderInTheLastFrameLikeSpikingJelly() {
        // di = 8 // 3 = 2: [0,2) [2,4) [4,8)
        Frames f = ToFrames.byFrameCount(3, Slicer.SplitBy.NUMBER).integrate(TestEvents.atTimes(TIMES));
        assertThat(perFrame(f)).containsExactly(2, 2, 4);
    }

    @Test
    void fixedFramesByTimeKeepsEveryEventLikeSpikingJelly() {
        // dt = 31 // 3 = 10: [0,10) [10,20) [20, end]
        Frames f = ToFrames.byFrameCount(3, Slicer.SplitBy.TIME).integrate(TestEvents.atTimes(TIMES));
        assertThat(perFrame(f)).containsExactly(3, 2, 3);
    }

    @Test
    void durationWithoutFrameCountCoversTheRecordingLikeSpikingJelly() {
        // ceil(31/10) = 4 frames [0,10) [10,20) [20,30) [30,..]
        assertThat(perFrame(ToFrames.byDuration(10).integrate(TestEvents.atTimes(TIMES)))).containsExactly(3, 2, 2, 1);
        // span exactly 30: ceil(30/10) = 3 frames, the last one also takes t = 30
        assertThat(perFrame(ToFrames.byDuration(10).integrate(TestEvents.atTimes(0, 10, 20, 30))))
                .containsExactly(1, 1, 2);
        // anchored at the first event: span 11 -> 2 frames [100,110) [110, ..]
        assertThat(perFrame(ToFrames.byDuration(10).integrate(TestEvents.atTimes(100, 109, 111))))
                .containsExactly(2, 1);
    }

    @Test
    void durationWithFrameCountBinsTheRecordingClockAndDropsLaterEvents() {
        // bins [0,10) [10,20): 21.. out of range; anchored at 0, not at the first event
        Frames f = ToFrames.byDuration(10, 2).integrate(TestEvents.atTimes(TIMES));
        assertThat(perFrame(f)).containsExactly(3, 2);
        Frames g = ToFrames.byDuration(10, 3).integrate(TestEvents.atTimes(15, 16, 25));
        assertThat(perFrame(g)).containsExactly(0, 2, 1);
    }

    @Test
    void eventsLandOnTheirChannelRowAndColumn() {
        // 3x2 sensor; channel 0 = OFF (p=0), channel 1 = ON
        Events e = TestEvents.of(3, 2, new long[][] {
                {2, 1, 0, 1}, {2, 1, 1, 1}, {0, 0, 2, 0}, {1, 1, 3, 0}});
        Frames f = ToFrames.byFrameCount(2, Slicer.SplitBy.NUMBER).integrate(e);
        assertThat(f.shape()).containsExactly(2, 2, 2, 3);
        float[] expected = new float[2 * 2 * 2 * 3];
        expected[f.index(0, 1, 1, 2)] = 2; // two ON events at (x=2, y=1) in frame 0
        expected[f.index(1, 0, 0, 0)] = 1; // OFF at (0, 0) in frame 1
        expected[f.index(1, 0, 1, 1)] = 1; // OFF at (1, 1) in frame 1
        assertThat(f.data()).containsExactly(expected);
    }

    @Test
    void mergedPolarityAndBinaryFramesFollowTheirDefinitions() {
        Events e = TestEvents.of(2, 1, new long[][] {{1, 0, 0, 1}, {1, 0, 1, 0}, {1, 0, 2, 1}, {0, 0, 3, 0}});
        Frames merged = ToFrames.byFrameCount(1, Slicer.SplitBy.NUMBER).mergePolarity().integrate(e);
        assertThat(merged.shape()).containsExactly(1, 1, 1, 2);
        assertThat(merged.data()).containsExactly(1, 3);
        Frames binary = ToFrames.byFrameCount(1, Slicer.SplitBy.NUMBER).binary().integrate(e);
        // [C=2][W=2]: OFF had events at x=0 and x=1, ON (twice) at x=1 only
        assertThat(binary.data()).containsExactly(1, 1, 0, 1);
    }

    static Stream<Arguments> everyMode() {
        return Stream.of(
                Arguments.of(new Slicer.EventCount(37, 0, false)),
                Arguments.of(new Slicer.EventCount(37, 5, true)),
                Arguments.of(new Slicer.TimeWindow(5_000, 0, false)),
                Arguments.of(new Slicer.TimeWindow(5_000, 1_000, true)),
                Arguments.of(new Slicer.TimeBins(7)),
                Arguments.of(new Slicer.FixedFrames(7, Slicer.SplitBy.NUMBER)),
                Arguments.of(new Slicer.FixedFrames(7, Slicer.SplitBy.TIME)),
                Arguments.of(new Slicer.Duration(1_000, 0, Slicer.Anchor.FIRST_EVENT)),
                Arguments.of(new Slicer.Duration(1_000, 20, Slicer.Anchor.ZERO)),
                Arguments.of(new Slicer.Duration(1_000, 20, Slicer.Anchor.FIRST_EVENT)));
    }

    @ParameterizedTest
    @MethodSource("everyMode")
    void framesSumToTheEventsInRangeInEveryMode(Slicer slicer) {
        SplittableRandom rng = new SplittableRandom(7);
        long[][] rows = new long[500][];
        long t = 3_000;
        for (int i = 0; i < rows.length; i++) {
            t += rng.nextInt(80);
            rows[i] = new long[] {rng.nextInt(5), rng.nextInt(4), t, rng.nextInt(2)};
        }
        Events e = TestEvents.of(5, 4, rows);
        Slicer.Slices s = slicer.slice(e.t());
        long inRange = 0;
        for (int k = 0; k < s.count(); k++) {
            for (int i = 0; i < rows.length; i++) {
                if (i >= s.start()[k] && i < s.end()[k]) {
                    inRange++;
                }
            }
        }
        Frames f = new ToFrames(slicer, ToFrames.Polarity.SPLIT, false).integrate(e);
        assertThat(f.steps()).isEqualTo(s.count());
        assertThat(f.sum()).isEqualTo((double) inRange).isEqualTo((double) s.eventsInRange()).isPositive();
        if (slicer.fixedSteps() > 0) {
            assertThat(f.steps()).isEqualTo(slicer.fixedSteps());
        }
    }

    @Test
    void emptyRecordingsGiveEmptyFramesOfTheConfiguredCount() {
        Events none = TestEvents.of(2, 2, new long[0][]);
        assertThat(ToFrames.byFrameCount(4, Slicer.SplitBy.TIME).integrate(none).steps()).isEqualTo(4);
        assertThat(ToFrames.byTimeBins(3).integrate(none).sum()).isZero();
        assertThat(ToFrames.byEventCount(10).integrate(none).steps()).isEqualTo(1);
        assertThat(ToFrames.byDuration(10).integrate(none).steps()).isEqualTo(1);
    }

    @Test
    void unsortedTimestampsAreSortedBeforeSlicing() {
        Frames f = ToFrames.byTimeWindow(10).integrate(TestEvents.atTimes(25, 3, 15, 0, 10, 9, 21, 31));
        assertThat(perFrame(f)).containsExactly(3, 2, 2);
    }

    @Test
    void anEventOutsideTheSensorIsReportedWithItsIndex() {
        Events bad = new Events(2, 2, new short[] {0, 5}, new short[] {0, 0}, new long[] {0, 1}, new byte[] {0, 1});
        assertThatThrownBy(() -> ToFrames.byEventCount(2).integrate(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event 1").hasMessageContaining("x=5").hasMessageContaining("2x2");
    }

    @Test
    void invalidSettingsAreRejectedWithTheirValue() {
        assertThatThrownBy(() -> ToFrames.byEventCount(0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> ToFrames.byTimeWindow(-5)).hasMessageContaining("got -5");
        assertThatThrownBy(() -> new Slicer.EventCount(3, 3, false)).hasMessageContaining("got 3");
        assertThatThrownBy(() -> ToFrames.byFrameCount(0, Slicer.SplitBy.NUMBER)).hasMessageContaining("got 0");
    }

    @Test
    void keysNameEverySetting() {
        assertThat(ToFrames.byDuration(1000, 300).key()).isNotEqualTo(ToFrames.byDuration(1000, 299).key())
                .isNotEqualTo(ToFrames.byDuration(1000, 300).binary().key())
                .isNotEqualTo(ToFrames.byDuration(1000, 300).mergePolarity().key());
    }
}
