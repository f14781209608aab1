package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Training augmentation: removes {@code round(probability * N)} events chosen uniformly without replacement
 * (tonic's {@code DropEvent(p)}: {@code n_dropped = int(p * N + 0.5)}).
 *
 * <p>The kept events stay in their original order.
 */
public record DropEvent(double probability) implements EventTransform {

    public DropEvent {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("drop probability must be in [0, 1], got " + probability);
        }
    }

    @Override
    public Events apply(Events e, SplittableRandom rng) {
        int n = e.size();
        int drop = (int) (probability * n + 0.5);
        // Partial Fisher-Yates: the first `drop` entries of `order` are a uniform sample without replacement.
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        for (int i = 0; i < drop; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
            keep[order[i]] = false;
        }
        return EventOps.keep(e, keep, e.width(), e.height(), 0, 0);
    }

    @Override
    public boolean isRandom() {
        return true;
    }

    @Override
    public String key() {
        return "DropEvent(p=" + probability + ")";
    }
}
