package org.dl4j.snn.datasets.datavec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dl4j.snn.datasets.cache.SourceId;

/**
 * The samples of another source at the given indices, in that order: a seeded train/test split of a dataset that
 * has only one ({@link #split}, e.g. the bundled MNIST test set split 3,000 / 1,000:
 * {@code SubsetSource.split(Mnist.samples(root, Split.TEST), 3000, seed)}), the first few samples for a quick run
 * ({@link #first}), or any chosen samples. Wrap a side in a {@code StaticDatasetBuilder} / {@code EventDatasetBuilder}
 * to encode and batch it.
 */
public final class SubsetSource<D> implements SampleSource<D> {
    private final SampleSource<D> source;
    private final int[] indices;

    /** The samples of {@code source} at {@code indices}, in that order. */
    public SubsetSource(SampleSource<D> source, int[] indices) {
        this.source = source;
        this.indices = indices.clone();
        for (int i : this.indices) {
            if (i < 0 || i >= source.size()) {
                throw new IllegalArgumentException("SubsetSource: index " + i + " outside the source's 0.."
                        + (source.size() - 1));
            }
        }
    }

    /** The first {@code n} samples (all when {@code n <= 0} or larger than the source). */
    public static <D> SampleSource<D> first(SampleSource<D> source, int n) {
        if (n <= 0 || n >= source.size()) {
            return source;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return new SubsetSource<>(source, idx);
    }

    /**
     * {@code n} samples drawn without replacement by {@code seed} (the first {@code n} of {@link #split}'s
     * permutation, in source order); all when {@code n <= 0} or not smaller than the source. Unlike {@link #first}
     * it covers every class of a source sorted by class.
     */
    public static <D> SampleSource<D> sample(SampleSource<D> source, int n, long seed) {
        return n <= 0 || n >= source.size() ? source : split(source, n, seed).get(0);
    }

    /**
     * A seeded split: a permutation of {@code 0..size-1} drawn by {@code new Random(seed)} (Fisher-Yates); its first
     * {@code trainSize} indices (sorted) are the training side, the rest (sorted) the test side.
     */
    public static <D> List<SampleSource<D>> split(SampleSource<D> source, int trainSize, long seed) {
        int n = source.size();
        if (trainSize <= 0 || trainSize >= n) {
            throw new IllegalArgumentException("SubsetSource.split: train size must be in 1.." + (n - 1) + ", got "
                    + trainSize);
        }
        int[] perm = permutation(n, seed);
        int[] train = java.util.Arrays.copyOfRange(perm, 0, trainSize);
        int[] test = java.util.Arrays.copyOfRange(perm, trainSize, n);
        java.util.Arrays.sort(train);
        java.util.Arrays.sort(test);
        List<SampleSource<D>> sides = new ArrayList<>();
        sides.add(new SubsetSource<>(source, train));
        sides.add(new SubsetSource<>(source, test));
        return sides;
    }

    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override public int size() { return indices.length; }
    @Override public int label(int i) { return source.label(indices[i]); }
    @Override public String describe(int i) { return source.describe(indices[i]); }
    @Override public SourceId sourceId(int i) throws IOException { return source.sourceId(indices[i]); }
    @Override public D load(int i) throws IOException { return source.load(indices[i]); }
    @Override public List<String> classNames() { return source.classNames(); }
}
