package org.dl4j.snn.datasets.encode;

import org.dl4j.snn.datasets.transform.Frames;

import java.util.SplittableRandom;

/**
 * Poisson / Bernoulli rate coding: at every step each pixel spikes independently with probability equal to its
 * intensity, {@code s[t] = 1 if u_t < x else 0}, {@code u_t ~ U[0, 1)} (SpikingJelly's {@code PoissonEncoder},
 * STL-SNN's rate coding).
 *
 * <p>Intensities are clipped to [0, 1] (0 never spikes, 1 always does); the expected spike count of a pixel over
 * T steps is {@code T*x}. Draws come only from the given {@code rng}, so a seeded rng reproduces the spikes.
 */
public final class PoissonEncoder implements StaticEncoder {

    @Override
    public Frames encode(StaticImage image, int steps, SplittableRandom rng) {
        DirectEncoder.checkSteps(steps);
        if (rng == null) {
            throw new IllegalArgumentException("Poisson coding needs a random generator (got null)");
        }
        int n = image.size();
        float[] x = image.data();
        float[] out = new float[steps * n];
        for (int t = 0; t < steps; t++) {
            int base = t * n;
            for (int i = 0; i < n; i++) {
                out[base + i] = rng.nextDouble() < x[i] ? 1f : 0f;
            }
        }
        return new Frames(steps, image.channels(), image.height(), image.width(), out);
    }

    @Override
    public boolean isRandom() {
        return true;
    }

    @Override
    public String key() {
        return "Poisson";
    }

    @Override
    public String toString() {
        return key();
    }
}
