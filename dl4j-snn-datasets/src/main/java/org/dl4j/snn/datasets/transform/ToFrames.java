package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;

/**
 * Event-to-frame integration: counts the events of each {@link Slicer} slice per (polarity channel, y, x) into
 * frames {@code [T, C, H, W]}.
 *
 * <p>The counting is SpikingJelly's {@code integrate_events_segment_to_frame} / tonic's {@code to_frame_numpy}:
 * {@code frame[k, c(p), y, x] += 1} for every event in slice {@code k}, with channel {@code c = 0} for
 * {@code p = 0} (OFF) and {@code c = 1} otherwise ({@link Polarity#SPLIT}), or one channel
 * ({@link Polarity#MERGE}, used for SHD/SSC where frames are {@code [T, 1, 1, channels]}). With {@link #binary()}
 * a pixel holds 1 if it had any event (lava-dl's {@code binning_mode='OR'}). The frames of a non-binary
 * integration therefore sum to the number of events in range of the slicer.
 */
public final class ToFrames {

    /** How polarity maps to channels. */
    public enum Polarity {
        /** Two channels: 0 = OFF (p = 0), 1 = ON (p != 0). */
        SPLIT(2),
        /** One channel holding both polarities. */
        MERGE(1);

        private final int channels;

        Polarity(int channels) {
            this.channels = channels;
        }

        public int channels() {
            return channels;
        }
    }

    private final Slicer slicer;
    private final Polarity polarity;
    private final boolean binary;

    public ToFrames(Slicer slicer, Polarity polarity, boolean binary) {
        if (slicer == null || polarity == null) {
            throw new IllegalArgumentException("slicer and polarity are required, got slicer=" + slicer
                    + ", polarity=" + polarity);
        }
        this.slicer = slicer;
        this.polarity = polarity;
        this.binary = binary;
    }

    /** tonic {@code ToFrame(event_count=count)}: see {@link Slicer.EventCount}. */
    public static ToFrames byEventCount(int count) {
        return new ToFrames(new Slicer.EventCount(count, 0, false), Polarity.SPLIT, false);
    }

    /** tonic {@code ToFrame(time_window=windowUs)}: see {@link Slicer.TimeWindow}. */
    public static ToFrames byTimeWindow(long windowUs) {
        return new ToFrames(new Slicer.TimeWindow(windowUs, 0, false), Polarity.SPLIT, false);
    }

    /** tonic {@code ToFrame(n_time_bins=bins)}: see {@link Slicer.TimeBins}. */
    public static ToFrames byTimeBins(int bins) {
        return new ToFrames(new Slicer.TimeBins(bins), Polarity.SPLIT, false);
    }

    /** SpikingJelly {@code integrate_events_by_fixed_frames_number}: see {@link Slicer.FixedFrames}. */
    public static ToFrames byFrameCount(int frames, Slicer.SplitBy splitBy) {
        return new ToFrames(new Slicer.FixedFrames(frames, splitBy), Polarity.SPLIT, false);
    }

    /** SpikingJelly {@code integrate_events_by_fixed_duration}: as many frames as the recording needs. */
    public static ToFrames byDuration(long durationUs) {
        return new ToFrames(new Slicer.Duration(durationUs, 0, Slicer.Anchor.FIRST_EVENT), Polarity.SPLIT, false);
    }

    /** Exactly {@code frames} bins of {@code durationUs}, from time 0 of the recording (events after are dropped). */
    public static ToFrames byDuration(long durationUs, int frames) {
        return new ToFrames(new Slicer.Duration(durationUs, frames, Slicer.Anchor.ZERO), Polarity.SPLIT, false);
    }

    /** The same slicing with one merged polarity channel. */
    public ToFrames mergePolarity() {
        return new ToFrames(slicer, Polarity.MERGE, binary);
    }

    /** The same slicing with 0/1 values: 1 where a pixel had at least one event in the frame. */
    public ToFrames binary() {
        return new ToFrames(slicer, polarity, true);
    }

    public Slicer slicer() { return slicer; }
    public Polarity polarity() { return polarity; }
    public boolean isBinary() { return binary; }

    /** Frames of every stream, or 0 when it depends on the stream. */
    public int fixedSteps() {
        return slicer.fixedSteps();
    }

    /** Integrates {@code events} (sorted by time first if they are not) on its own sensor size. */
    public Frames integrate(Events events) {
        Events e = EventOps.sortedByTime(events);
        Slicer.Slices s = slicer.slice(e.t());
        int c = polarity.channels();
        int h = e.height();
        int w = e.width();
        Frames out = Frames.zeros(s.count(), c, h, w);
        float[] data = out.data();
        short[] x = e.x();
        short[] y = e.y();
        byte[] p = e.p();
        int frameSize = c * h * w;
        for (int k = 0; k < s.count(); k++) {
            int base = k * frameSize;
            for (int i = s.start()[k]; i < s.end()[k]; i++) {
                int xi = x[i];
                int yi = y[i];
                if (xi < 0 || xi >= w || yi < 0 || yi >= h) {
                    throw new IllegalArgumentException("event " + i + " at (x=" + xi + ", y=" + yi
                            + ") lies outside the " + w + "x" + h + " sensor");
                }
                int ch = polarity == Polarity.SPLIT && p[i] != 0 ? 1 : 0;
                int idx = base + (ch * h + yi) * w + xi;
                if (binary) {
                    data[idx] = 1f;
                } else {
                    data[idx] += 1f;
                }
            }
        }
        return out;
    }

    /** Stable description of every setting (cache keys). */
    public String key() {
        return "ToFrames(" + slicer.key() + ",polarity=" + polarity + ",binary=" + binary + ")";
    }

    @Override
    public String toString() {
        return key();
    }
}
