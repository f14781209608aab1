package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;

import java.util.SplittableRandom;

/**
 * Training augmentation: with probability {@code probability} mirrors the whole recording along one axis
 * (tonic's {@code RandomFlipLR}, {@code RandomFlipUD}, {@code RandomFlipPolarity}).
 *
 * <p>{@code HORIZONTAL}: {@code x' = W - 1 - x}; {@code VERTICAL}: {@code y' = H - 1 - y}; {@code POLARITY}:
 * {@code p' = 1 - p}. One draw per recording, so all its events flip together.
 */
public record RandomFlip(Axis axis, double probability) implements EventTransform {

    /** What is mirrored. */
    public enum Axis { HORIZONTAL, VERTICAL, POLARITY }

    public RandomFlip {
        if (axis == null) {
            throw new IllegalArgumentException("flip axis is required");
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + probability);
        }
    }

    public static RandomFlip horizontal(double probability) {
        return new RandomFlip(Axis.HORIZONTAL, probability);
    }

    public static RandomFlip vertical(double probability) {
        return new RandomFlip(Axis.VERTICAL, probability);
    }

    public static RandomFlip polarity(double probability) {
        return new RandomFlip(Axis.POLARITY, probability);
    }

    @Override
    public Events apply(Events e, SplittableRandom rng) {
        if (rng.nextDouble() >= probability) {
            return e;
        }
        short[] x = e.x().clone();
        short[] y = e.y().clone();
        byte[] p = e.p().clone();
        for (int i = 0; i < x.length; i++) {
            switch (axis) {
                case HORIZONTAL -> x[i] = (short) (e.width() - 1 - x[i]);
                case VERTICAL -> y[i] = (short) (e.height() - 1 - y[i]);
                case POLARITY -> p[i] = (byte) (p[i] == 0 ? 1 : 0);
            }
        }
        return new Events(e.width(), e.height(), x, y, e.t().clone(), p);
    }

    @Override
    public boolean isRandom() {
        return true;
    }

    @Override
    public String key() {
        return "RandomFlip(axis=" + axis + ",p=" + probability + ")";
    }
}
