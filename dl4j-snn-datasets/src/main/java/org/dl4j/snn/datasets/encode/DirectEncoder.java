package org.dl4j.snn.datasets.encode;

import org.dl4j.snn.datasets.transform.Frames;

import java.util.SplittableRandom;

/**
 * Direct (analog current) coding: the same image is the input at every step, {@code x[t] = image} for
 * {@code t = 0..T-1}.
 *
 * <p>This is how PLIF, IMP-SNN (static tasks) and TET feed static images: the first conv + BN acts as the
 * encoder and the first spiking layer turns its output into spikes.
 */
public final class DirectEncoder implements StaticEncoder {

    @Override
    public Frames encode(StaticImage image, int steps, SplittableRandom rng) {
        checkSteps(steps);
        int n = image.size();
        float[] out = new float[steps * n];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(image.data(), 0, out, t * n, n);
        }
        return new Frames(steps, image.channels(), image.height(), image.width(), out);
    }

    static void checkSteps(int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("number of time steps T must be > 0, got " + steps);
        }
    }

    @Override
    public boolean isRandom() {
        return false;
    }

    @Override
    public String key() {
        return "Direct";
    }

    @Override
    public String toString() {
        return key();
    }
}
