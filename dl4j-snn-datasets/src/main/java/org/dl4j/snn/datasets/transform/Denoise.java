package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Background-activity filter: drops an event unless one of its 4 neighbouring pixels had an event less than
 * {@code filterTimeUs} before it (tonic's {@code Denoise(filter_time)}).
 *
 * <p>As in tonic's {@code denoise_numpy}: each pixel remembers {@code t_last + filterTime}, initialised to
 * {@code filterTime} (so every pixel behaves as if it fired at t = 0); an event at {@code (x, y, t)} first sets its
 * own pixel's memory, then is kept when a 4-neighbour inside the sensor has memory {@code > t}. Polarity is
 * ignored. One difference: tonic bounds the neighbourhood by the largest coordinate seen in the recording, this
 * uses the sensor size.
 */
public record Denoise(long filterTimeUs) implements EventTransform {

    public Denoise {
        if (filterTimeUs <= 0) {
            throw new IllegalArgumentException("denoise filter time must be > 0 us, got " + filterTimeUs);
        }
    }

    @Override
    public Events apply(Events e, SplittableRandom rng) {
        int w = e.width();
        int h = e.height();
        long[] memory = new long[w * h];
        Arrays.fill(memory, filterTimeUs);
        short[] xs = e.x();
        short[] ys = e.y();
        long[] ts = e.t();
        boolean[] keep = new boolean[e.size()];
        for (int i = 0; i < keep.length; i++) {
            int x = xs[i];
            int y = ys[i];
            long t = ts[i];
            int at = y * w + x;
            memory[at] = t + filterTimeUs;
            keep[i] = (x > 0 && memory[at - 1] > t) || (x < w - 1 && memory[at + 1] > t)
                    || (y > 0 && memory[at - w] > t) || (y < h - 1 && memory[at + w] > t);
        }
        return EventOps.keep(e, keep, w, h, 0, 0);
    }

    @Override
    public String key() {
        return "Denoise(filterTimeUs=" + filterTimeUs + ")";
    }
}
