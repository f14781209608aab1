package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;

import java.util.SplittableRandom;

/**
 * Training augmentation: keeps the events inside a {@code width x height} window placed uniformly at random on
 * the sensor and shifts them to the window's origin (tonic's {@code RandomCrop(target_size)}).
 *
 * <p>The origin {@code (ox, oy)} is drawn uniformly from {@code [0, W - width] x [0, H - height]} (tonic draws
 * from {@code [0, W - width)}); the output sensor is {@code width x height}.
 */
public record RandomCrop(int width, int height) implements EventTransform {

    public RandomCrop {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("crop size must be positive, got " + width + "x" + height);
        }
    }

    @Override
    public Events apply(Events e, SplittableRandom rng) {
        if (width > e.width() || height > e.height()) {
            throw new IllegalArgumentException("crop " + width + "x" + height + " is larger than the "
                    + e.width() + "x" + e.height() + " sensor");
        }
        int ox = rng.nextInt(e.width() - width + 1);
        int oy = rng.nextInt(e.height() - height + 1);
        boolean[] keep = new boolean[e.size()];
        for (int i = 0; i < keep.length; i++) {
            int x = e.x()[i] - ox;
            int y = e.y()[i] - oy;
            keep[i] = x >= 0 && x < width && y >= 0 && y < height;
        }
        return EventOps.keep(e, keep, width, height, ox, oy);
    }

    @Override
    public boolean isRandom() {
        return true;
    }

    @Override
    public String key() {
        return "RandomCrop(" + width + "x" + height + ")";
    }
}
