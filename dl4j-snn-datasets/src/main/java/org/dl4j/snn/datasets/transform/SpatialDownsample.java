package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;

import java.util.SplittableRandom;

/**
 * Spatial downsampling to a smaller sensor: {@code x' = floor(x * targetWidth / width)}, likewise for y
 * (tonic's {@code Downsample(spatial_factor = target / sensor)}).
 *
 * <p>Events keep their timestamps and polarity; several events may land on one pixel and are counted when
 * integrated. For SHD/SSC (x = channel, height 1) {@code new SpatialDownsample(70, 1)} maps 700 channels to 70,
 * channel {@code c -> c / 10}.
 */
public record SpatialDownsample(int targetWidth, int targetHeight) implements EventTransform {

    public SpatialDownsample {
        if (targetWidth <= 0 || targetHeight <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + targetWidth + "x"
                    + targetHeight);
        }
    }

    @Override
    public Events apply(Events e, SplittableRandom rng) {
        if (targetWidth > e.width() || targetHeight > e.height()) {
            throw new IllegalArgumentException("cannot downsample a " + e.width() + "x" + e.height()
                    + " sensor to a larger " + targetWidth + "x" + targetHeight);
        }
        int n = e.size();
        short[] x = new short[n];
        short[] y = new short[n];
        for (int i = 0; i < n; i++) {
            x[i] = (short) ((long) e.x()[i] * targetWidth / e.width());
            y[i] = (short) ((long) e.y()[i] * targetHeight / e.height());
        }
        return new Events(targetWidth, targetHeight, x, y, e.t().clone(), e.p().clone());
    }

    @Override
    public String key() {
        return "SpatialDownsample(" + targetWidth + "x" + targetHeight + ")";
    }
}
