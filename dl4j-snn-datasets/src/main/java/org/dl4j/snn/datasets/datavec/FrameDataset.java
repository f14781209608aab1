package org.dl4j.snn.datasets.datavec;

import org.dl4j.snn.datasets.cache.DiskFrameCache;
import org.dl4j.snn.datasets.cache.FrameCodec;
import org.dl4j.snn.datasets.format.BadTimestampsException;
import org.dl4j.snn.datasets.format.IoErrors;
import org.dl4j.snn.datasets.transform.FrameSizeException;
import org.dl4j.snn.datasets.transform.FramePipeline;
import org.dl4j.snn.datasets.transform.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A labelled sample source joined with its frame pipeline: {@code frames(i) = pipeline(load(i))}, with optional
 * caching and the bad-sample policy applied in one place for every iterator and record reader.
 *
 * <p>Caching never stores randomness: when the pipeline is deterministic the frames themselves are cached (in
 * memory as {@link FrameCodec} bytes, on disk under a key of the pipeline settings and the source file's
 * identity); when it is random (augmentation, Poisson coding) only the output of its deterministic
 * {@code prepare} stage is kept in memory and the random stage runs on every call. Thread-safe.
 *
 * @param <D> the decoded sample type
 */
public final class FrameDataset<D> {
    private static final Logger log = LoggerFactory.getLogger(FrameDataset.class);

    private final SampleSource<D> source;
    private final FramePipeline<D> pipeline;
    private final boolean memoryCache;
    private final DiskFrameCache diskCache;
    private final BadSamplePolicy policy;
    private final SkippedSamples skipped = new SkippedSamples();
    private final ConcurrentHashMap<Integer, Object> memory = new ConcurrentHashMap<>();
    private volatile int[] expectedShape;

    /**
     * @param memoryCache keep each sample's frames (or prepared data when the pipeline is random) after the first
     *                    decode
     * @param diskCache   where to keep frames across runs, or null; ignored for random pipelines
     */
    public FrameDataset(SampleSource<D> source, FramePipeline<D> pipeline, boolean memoryCache,
                        DiskFrameCache diskCache, BadSamplePolicy policy) {
        if (source == null || pipeline == null || policy == null) {
            throw new IllegalArgumentException("source, pipeline and policy are required");
        }
        this.source = source;
        this.pipeline = pipeline;
        this.memoryCache = memoryCache;
        this.diskCache = diskCache;
        this.policy = policy;
        if (diskCache != null && pipeline.isRandom()) {
            log.info("pipeline {} is random: frames are not cached on disk", pipeline.key());
        }
    }

    public SampleSource<D> source() { return source; }
    public FramePipeline<D> pipeline() { return pipeline; }
    public BadSamplePolicy policy() { return policy; }
    public int size() { return source.size(); }
    public int label(int i) { return source.label(i); }
    public int numClasses() { return source.numClasses(); }

    /**
     * The samples skipped so far: bad samples under {@link BadSamplePolicy#SKIP_WITH_WARNING}, and samples refused by
     * the {@code SKIP_SAMPLE} timestamp policy under either policy.
     */
    public SkippedSamples skipped() { return skipped; }

    /**
     * Frames of sample {@code i}, or null when it is bad and the policy skips it.
     *
     * @param rng the random stream of this draw (used only by random pipelines)
     * @throws BadSampleException when the sample is bad and the policy is {@link BadSamplePolicy#FAIL_FAST}
     */
    public Frames frames(int i, SplittableRandom rng) {
        if (skipped.contains(i)) {
            return null;
        }
        Frames f;
        try {
            f = pipeline.isRandom() ? pipeline.finish(prepared(i), rng) : deterministicFrames(i);
        } catch (FrameSizeException e) {
            throw e; // a setting (T) too large for memory, not a property of the sample
        } catch (BadTimestampsException e) {
            return e.skipSample() ? skip(i, IoErrors.describe(e)) : bad(i, IoErrors.describe(e), e);
        } catch (IOException | RuntimeException e) {
            return bad(i, IoErrors.describe(e), e);
        }
        int[] shape = f.shape();
        int[] expected = expectedShape;
        if (expected == null) {
            synchronized (this) {
                if (expectedShape == null) {
                    expectedShape = shape;
                }
                expected = expectedShape;
            }
        }
        if (!Arrays.equals(shape, expected)) {
            return bad(i, "frames " + f + " differ in shape from the other samples' [T, C, H, W] = "
                    + Arrays.toString(expected) + (pipeline.fixedSteps() == 0 ? "; the pipeline's "
                    + "number of frames depends on the recording, batches need a fixed T (e.g. frames(T))" : ""),
                    null);
        }
        return f;
    }

    private Frames deterministicFrames(int i) throws IOException {
        if (memoryCache) {
            Object hit = memory.get(i);
            if (hit != null) {
                return FrameCodec.decode((byte[]) hit);
            }
        }
        String key = diskCache == null ? null : DiskFrameCache.key(pipeline.key(), source.sourceId(i));
        Frames f = key == null ? null : diskCache.get(key);
        if (f == null) {
            f = pipeline.apply(source.load(i), null);
            if (key != null) {
                try {
                    diskCache.put(key, f);
                } catch (IOException e) {
                    // A full or read-only cache folder must not turn good samples into bad ones.
                    log.warn("could not write frame cache entry for sample {} in {}: {}", i, diskCache.dir(),
                            e.toString());
                }
            }
        }
        if (memoryCache) {
            memory.put(i, FrameCodec.encode(f));
        }
        return f;
    }

    @SuppressWarnings("unchecked")
    private D prepared(int i) throws IOException {
        if (memoryCache) {
            Object hit = memory.get(i);
            if (hit != null) {
                return (D) hit;
            }
        }
        D d = pipeline.prepare(source.load(i));
        if (memoryCache) {
            memory.put(i, d);
        }
        return d;
    }

    private Frames bad(int i, String reason, Throwable cause) {
        if (policy == BadSamplePolicy.FAIL_FAST) {
            throw new BadSampleException(i, source.describe(i), reason, cause);
        }
        return skip(i, reason);
    }

    private Frames skip(int i, String reason) {
        String sample = source.describe(i);
        if (skipped.add(new SkippedSamples.Entry(i, sample, reason))) {
            log.warn("skipping sample {} ({}): {}", i, sample, reason);
        }
        return null;
    }

    /**
     * The random stream of sample {@code index} in epoch {@code epoch} under {@code seed}: a pure function of the
     * three (SplitMix64 finaliser), so draws do not depend on batch order, threads or prefetching.
     */
    public static SplittableRandom randomFor(long seed, int epoch, int index) {
        return new SplittableRandom(mix(seed, epoch, index));
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates) drawn from {@code rng}. */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** SplitMix64-style mixing of (seed, epoch, index) into one seed. */
    public static long mix(long seed, int epoch, int index) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L + index;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    /** Number of samples whose frames or prepared data are held in memory. */
    public int cachedInMemory() {
        return memory.size();
    }

    /** Whether sample {@code i}'s frames (or prepared data) are held in memory, i.e. the next read decodes nothing. */
    public boolean isCachedInMemory(int i) {
        return memory.containsKey(i);
    }

    /** The labels of all samples, in index order. */
    public int[] labels() {
        int[] l = new int[size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = label(i);
        }
        return l;
    }

    public List<String> classNames() {
        return source.classNames();
    }

    /** Releases the source's open files (SHD/SSC keep their HDF5 file open); the dataset is unusable afterwards. */
    public void close() {
        if (source instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {}: {}", source, e.toString());
            }
        }
    }
}
