package org.dl4j.snn.datasets.iterator;

import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.dl4j.snn.datasets.cache.DiskFrameCache;
import org.dl4j.snn.datasets.datavec.BadSamplePolicy;
import org.dl4j.snn.datasets.datavec.FrameDataset;
import org.dl4j.snn.datasets.datavec.FrameSequenceRecordReader;
import org.dl4j.snn.datasets.datavec.SampleSource;
import org.dl4j.snn.datasets.datavec.SkippedSamples;
import org.dl4j.snn.datasets.transform.FramePipeline;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The fluent options shared by every dataset: batching, shuffling, layout, caching, prefetching and the bad-sample
 * policy, ending in {@link #iterator()}, {@link #dataset()} or {@link #recordReader()}.
 *
 * <p>Defaults: batch 32, no shuffling, fail-fast on bad samples, no cache, no prefetch, 1 decoding thread, the
 * dataset's natural layout ({@link Layout#CONV} for cameras, {@link Layout#DENSE} for SHD/SSC). Subclasses add
 * how samples become frames ({@link EventDatasetBuilder}, {@link StaticDatasetBuilder}).
 *
 * @param <D> decoded sample type
 * @param <B> the concrete builder, returned by every option
 */
public abstract class DatasetBuilder<D, B extends DatasetBuilder<D, B>> {
    private SampleSource<D> source;
    private int batch = 32;
    private boolean shuffle;
    private long seed;
    private Layout layout;
    private BadSamplePolicy policy = BadSamplePolicy.FAIL_FAST;
    private boolean memoryCache;
    private Path diskCache;
    private int prefetch;
    private int workers = 1;

    protected DatasetBuilder(SampleSource<D> source, Layout defaultLayout) {
        if (source == null) {
            throw new IllegalArgumentException("a sample source is required");
        }
        this.source = source;
        this.layout = defaultLayout;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The frame pipeline configured so far; throws when a required setting (e.g. T) is missing. */
    protected abstract FramePipeline<D> pipeline();

    public SampleSource<D> source() {
        return source;
    }

    /** Replaces the samples (the same ones, loaded differently: see {@code EventDatasetBuilder.checks}). */
    protected void replaceSource(SampleSource<D> replacement) {
        if (replacement == null) {
            throw new IllegalArgumentException("a sample source is required");
        }
        this.source = replacement;
    }

    /** Mini-batch size. */
    public B batch(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + size);
        }
        this.batch = size;
        return self();
    }

    /** Visit samples in a new seeded permutation every epoch (the seed also drives augmentation). */
    public B shuffle(long seed) {
        this.shuffle = true;
        this.seed = seed;
        return self();
    }

    /** Seed for augmentation/encoding randomness without shuffling. */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Feature layout: {@link Layout#CONV} {@code [b, C, T, H, W]} or {@link Layout#DENSE} {@code [b, C*H*W, T]}. */
    public B layout(Layout layout) {
        if (layout == null) {
            throw new IllegalArgumentException("layout must be CONV or DENSE, got null");
        }
        this.layout = layout;
        return self();
    }

    /** Shorthand for {@code layout(Layout.DENSE)}. */
    public B dense() {
        return layout(Layout.DENSE);
    }

    /** Shorthand for {@code layout(Layout.CONV)}. */
    public B conv() {
        return layout(Layout.CONV);
    }

    /** Skip bad samples with a warning instead of failing (see {@link SkippedSamples}). */
    public B skipBadSamples() {
        this.policy = BadSamplePolicy.SKIP_WITH_WARNING;
        return self();
    }

    public B badSamples(BadSamplePolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("bad-sample policy must not be null");
        }
        this.policy = policy;
        return self();
    }

    /**
     * Decode each sample once and keep its frames (or, for random pipelines, its prepared events) in memory.
     * Count frames are kept one byte per value ({@code T*C*H*W} bytes: 23 KB per N-MNIST sample at T = 10, so
     * 1.4 GB for the 60,000 training recordings); size the heap accordingly or use {@link #cacheOnDisk}.
     */
    public B cacheInMemory() {
        this.memoryCache = true;
        return self();
    }

    /** Keep integrated frames in {@code dir} across runs (keyed by pipeline settings and source file identity). */
    public B cacheOnDisk(Path dir) {
        this.diskCache = dir;
        return self();
    }

    /**
     * Prepare up to {@code batches} batches ahead in a background thread (DL4J's AsyncDataSetIterator; as with
     * any AsyncDataSetIterator, call {@code hasNext()} before each {@code next()}).
     */
    public B prefetch(int batches) {
        if (batches < 0) {
            throw new IllegalArgumentException("prefetch queue size must be >= 0, got " + batches);
        }
        this.prefetch = batches;
        return self();
    }

    /** Threads decoding the samples of a batch in parallel. */
    public B workers(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("workers must be > 0, got " + threads);
        }
        this.workers = threads;
        return self();
    }

    /** The samples joined with the pipeline, caches and policy. */
    public FrameDataset<D> dataset() {
        DiskFrameCache disk = null;
        if (diskCache != null) {
            try {
                disk = new DiskFrameCache(diskCache);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create frame cache folder " + diskCache, e);
            }
        }
        return new FrameDataset<>(source, pipeline(), memoryCache, disk, policy);
    }

    /** The iterator without prefetching (its type exposes skipped samples and the epoch). */
    public SnnDataSetIterator baseIterator() {
        FrameDataset<D> ds = dataset();
        if (ds.pipeline().fixedSteps() == 0) {
            throw new IllegalStateException("pipeline " + ds.pipeline().key() + " gives each recording its own "
                    + "number of frames, but a batch needs one T: integrate with a fixed frame count (e.g. "
                    + "frames(T), ToFrames.byFrameCount, byTimeBins or byDuration(durationUs, T))");
        }
        return new SnnDataSetIterator(ds, batch, layout, shuffle, seed, workers);
    }

    /** The DataSetIterator: {@link #baseIterator()}, wrapped in an AsyncDataSetIterator when prefetching. */
    @SuppressWarnings("deprecation") // M2.1 marks it deprecated, yet it is what MultiLayerNetwork.fit itself uses
    public DataSetIterator iterator() {
        SnnDataSetIterator it = baseIterator();
        // No workspace: DataSets stay valid after the consumer moves on (they are plain heap-backed arrays).
        return prefetch == 0 ? it : new AsyncDataSetIterator(it, prefetch, false);
    }

    /** A DataVec SequenceRecordReader over the same samples (one step = [NDArrayWritable(C*H*W), label]). */
    public FrameSequenceRecordReader recordReader() {
        return new FrameSequenceRecordReader(dataset(), seed);
    }
}
