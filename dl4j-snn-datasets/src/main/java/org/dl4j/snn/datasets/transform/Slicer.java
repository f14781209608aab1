package org.dl4j.snn.datasets.transform;

/**
 * How a time-sorted event stream is cut into frames: each frame {@code k} integrates the events with index in
 * {@code [start[k], end[k])}.
 *
 * <p>Each implementation follows one published convention exactly (tonic's slicers behind {@code ToFrame}, or
 * SpikingJelly's {@code integrate_events_by_fixed_frames_number} / {@code integrate_events_by_fixed_duration}),
 * including which events fall outside every frame; the Javadoc of each says which. Timestamps are microseconds
 * and must be sorted ({@link ToFrames} sorts them first when they are not).
 */
public sealed interface Slicer {

    /** Frame boundaries: frame {@code k} is events {@code [start[k], end[k])}; frames may overlap. */
    record Slices(int[] start, int[] end) {
        public int count() {
            return start.length;
        }

        /** Events counted over all frames (an event in two overlapping frames counts twice). */
        public long eventsInRange() {
            long s = 0;
            for (int k = 0; k < start.length; k++) {
                s += end[k] - start[k];
            }
            return s;
        }
    }

    Slices slice(long[] t);

    /** The number of frames every stream gets, or 0 when it depends on the stream. */
    int fixedSteps();

    /** Stable description of the settings (cache keys). */
    String key();

    /**
     * tonic {@code SliceByEventCount} ({@code ToFrame(event_count=...)}): frames of {@code count} consecutive
     * events, starting every {@code count - overlap} events. With N events, {@code ec = min(count, N)} and
     * {@code floor((N - ec)/stride) + 1} frames ({@code ceil} when {@code includeIncomplete}, the last frame then
     * holding the remainder); without it the events after the last full frame are out of range.
     */
    record EventCount(int count, int overlap, boolean includeIncomplete) implements Slicer {
        public EventCount {
            if (count <= 0) {
                throw new IllegalArgumentException("event count per frame must be > 0, got " + count);
            }
            if (overlap < 0 || overlap >= count) {
                throw new IllegalArgumentException("event overlap must be in [0, count=" + count + "), got "
                        + overlap);
            }
        }

        @Override
        public Slices slice(long[] t) {
            int n = t.length;
            int ec = Math.min(count, n);
            int stride = count - overlap;
            int frames = (includeIncomplete ? ceilDiv(n - ec, stride) : Math.floorDiv(n - ec, stride)) + 1;
            int[] start = new int[frames];
            int[] end = new int[frames];
            for (int k = 0; k < frames; k++) {
                start[k] = Math.min(k * stride, n);
                end[k] = Math.min(k * stride + ec, n);
            }
            return new Slices(start, end);
        }

        @Override
        public int fixedSteps() {
            return 0;
        }

        @Override
        public String key() {
            return "EventCount(count=" + count + ",overlap=" + overlap + ",incomplete=" + includeIncomplete + ")";
        }
    }

    /**
     * tonic {@code SliceByTime} ({@code ToFrame(time_window=...)}): windows {@code [t0 + k*stride,
     * t0 + k*stride + window)}, {@code stride = window - overlap}, {@code t0} = first timestamp. Number of
     * windows {@code max(1, floor((tLast - t0 - window)/stride) + 1)} ({@code ceil} when
     * {@code includeIncomplete}); events after the last window are out of range.
     */
    record TimeWindow(long windowUs, long overlapUs, boolean includeIncomplete) implements Slicer {
        public TimeWindow {
            if (windowUs <= 0) {
                throw new IllegalArgumentException("time window must be > 0 us, got " + windowUs);
            }
            if (overlapUs < 0 || overlapUs >= windowUs) {
                throw new IllegalArgumentException("time overlap must be in [0, window=" + windowUs + ") us, got "
                        + overlapUs);
            }
        }

        @Override
        public Slices slice(long[] t) {
            if (t.length == 0) {
                return new Slices(new int[1], new int[1]);
            }
            long t0 = t[0];
            long stride = windowUs - overlapUs;
            long span = t[t.length - 1] - t0 - windowUs;
            long frames = Math.max(1, (includeIncomplete ? ceilDiv(span, stride) : Math.floorDiv(span, stride)) + 1);
            int[] start = new int[Math.toIntExact(frames)];
            int[] end = new int[start.length];
            for (int k = 0; k < start.length; k++) {
                long from = t0 + k * stride;
                start[k] = EventOps.lowerBound(t, from);
                end[k] = EventOps.lowerBound(t, from + windowUs);
            }
            return new Slices(start, end);
        }

        @Override
        public int fixedSteps() {
            return 0;
        }

        @Override
        public String key() {
            return "TimeWindow(windowUs=" + windowUs + ",overlapUs=" + overlapUs + ",incomplete="
                    + includeIncomplete + ")";
        }
    }

    /**
     * tonic {@code SliceByTimeBins} ({@code ToFrame(n_time_bins=...)}, no overlap): {@code bins} windows of
     * {@code w = (tLast - t0) // bins} (integer division) from {@code t0}: {@code [t0 + k*w, t0 + (k+1)*w)}.
     * The events at or after {@code t0 + bins*w} are out of range; that always includes the last event.
     */
    record TimeBins(int bins) implements Slicer {
        public TimeBins {
            if (bins <= 0) {
                throw new IllegalArgumentException("number of time bins must be > 0, got " + bins);
            }
        }

        @Override
        public Slices slice(long[] t) {
            int[] start = new int[bins];
            int[] end = new int[bins];
            if (t.length == 0) {
                return new Slices(start, end);
            }
            long t0 = t[0];
            long w = (t[t.length - 1] - t0) / bins;
            for (int k = 0; k < bins; k++) {
                start[k] = EventOps.lowerBound(t, t0 + k * w);
                end[k] = EventOps.lowerBound(t, t0 + (k + 1) * w);
            }
            return new Slices(start, end);
        }

        @Override
        public int fixedSteps() {
            return bins;
        }

        @Override
        public String key() {
            return "TimeBins(bins=" + bins + ")";
        }
    }

    /** SpikingJelly's {@code split_by} argument. */
    enum SplitBy { NUMBER, TIME }

    /**
     * SpikingJelly {@code integrate_events_by_fixed_frames_number(events, split_by, frames_num)}: every event is
     * in exactly one of {@code frames} frames. {@code NUMBER}: {@code di = N // frames}, frame {@code k} =
     * events {@code [k*di, (k+1)*di)}, the last frame ending at N. {@code TIME}: {@code dt = (tLast - t0) //
     * frames}, frame {@code k} = events with {@code t0 + k*dt <= t < t0 + (k+1)*dt}, the last frame ending at N.
     */
    record FixedFrames(int frames, SplitBy splitBy) implements Slicer {
        public FixedFrames {
            if (frames <= 0) {
                throw new IllegalArgumentException("number of frames must be > 0, got " + frames);
            }
            if (splitBy == null) {
                throw new IllegalArgumentException("splitBy must be NUMBER or TIME, got null");
            }
        }

        @Override
        public Slices slice(long[] t) {
            int n = t.length;
            int[] start = new int[frames];
            int[] end = new int[frames];
            if (splitBy == SplitBy.NUMBER) {
                int di = n / frames;
                for (int k = 0; k < frames; k++) {
                    start[k] = k * di;
                    end[k] = (k + 1) * di;
                }
            } else if (n > 0) {
                long t0 = t[0];
                long dt = (t[n - 1] - t0) / frames;
                for (int k = 0; k < frames; k++) {
                    start[k] = EventOps.lowerBound(t, t0 + k * dt);
                    end[k] = EventOps.lowerBound(t, t0 + (k + 1) * dt);
                }
            }
            end[frames - 1] = n;
            return new Slices(start, end);
        }

        @Override
        public int fixedSteps() {
            return frames;
        }

        @Override
        public String key() {
            return "FixedFrames(frames=" + frames + ",splitBy=" + splitBy + ")";
        }
    }

    /** Where fixed-duration bins start. */
    enum Anchor {
        /** At the first event's timestamp (SpikingJelly {@code integrate_events_by_fixed_duration}). */
        FIRST_EVENT,
        /** At time 0 of the recording's clock (lava-dl / SLAYER {@code fill_tensor}: bin = t / duration). */
        ZERO
    }

    /**
     * Bins of a fixed duration (e.g. 1 ms = 1000 us): frame {@code k} = events with
     * {@code a + k*d <= t < a + (k+1)*d}, {@code a} the {@link Anchor}. With {@code frames == 0} the frame count
     * follows the recording, as SpikingJelly's {@code integrate_events_by_fixed_duration}: {@code a = t0},
     * {@code max(1, ceil((tLast - t0)/d))} frames, the last one also taking {@code t == a + frames*d}, so every
     * event is in range. With {@code frames > 0} (fixed T, e.g. Rouser's 300 bins of 1 ms) the events before
     * {@code a} or at/after {@code a + frames*d} are out of range.
     */
    record Duration(long durationUs, int frames, Anchor anchor) implements Slicer {
        public Duration {
            if (durationUs <= 0) {
                throw new IllegalArgumentException("frame duration must be > 0 us, got " + durationUs);
            }
            if (frames < 0) {
                throw new IllegalArgumentException("number of frames must be >= 0 (0 = as many as the recording "
                        + "needs), got " + frames);
            }
            if (anchor == null) {
                throw new IllegalArgumentException("anchor must be FIRST_EVENT or ZERO, got null");
            }
        }

        @Override
        public Slices slice(long[] t) {
            int n = t.length;
            long a = anchor == Anchor.ZERO || n == 0 ? 0 : t[0];
            int count = frames;
            if (count == 0) {
                count = n == 0 ? 1 : Math.toIntExact(Math.max(1, ceilDiv(t[n - 1] - a, durationUs)));
            }
            int[] start = new int[count];
            int[] end = new int[count];
            for (int k = 0; k < count; k++) {
                start[k] = EventOps.lowerBound(t, a + k * durationUs);
                end[k] = EventOps.lowerBound(t, a + (k + 1) * durationUs);
            }
            if (frames == 0) {
                end[count - 1] = n;
            }
            return new Slices(start, end);
        }

        @Override
        public int fixedSteps() {
            return frames;
        }

        @Override
        public String key() {
            return "Duration(durationUs=" + durationUs + ",frames=" + frames + ",anchor=" + anchor + ")";
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
