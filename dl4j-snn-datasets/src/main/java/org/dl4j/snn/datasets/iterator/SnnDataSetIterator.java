package org.dl4j.snn.datasets.iterator;

import org.dl4j.snn.datasets.datavec.BadSamplePolicy;
import org.dl4j.snn.datasets.datavec.FrameDataset;
import org.dl4j.snn.datasets.datavec.SkippedSamples;
import org.dl4j.snn.datasets.transform.Frames;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * A DL4J {@link DataSetIterator} over a {@link FrameDataset}: mini-batches of frames in a network {@link Layout}
 * with one-hot labels {@code [batch, classes]}.
 *
 * <p>Features are {@code [batch, C, T, H, W]} ({@link Layout#CONV}) or {@code [batch, C*H*W, T]}
 * ({@link Layout#DENSE}). With shuffling, epoch {@code e} visits the samples in a permutation drawn from
 * {@code (seed, e)}; every sample's random transforms draw from a stream derived from {@code (seed, e, index)},
 * so results do not depend on batch size, thread count or prefetching. {@link #reset()} starts the next epoch.
 * Bad samples follow the dataset's {@link BadSamplePolicy}; a skipped sample is replaced by the next one, so
 * batches stay full except the last. Each {@link DataSet} carries its samples' origins as example metadata.
 */
public final class SnnDataSetIterator implements DataSetIterator {
    private final FrameDataset<?> data;
    private final int batchSize;
    private final Layout layout;
    private final boolean shuffle;
    private final long seed;
    private final ForkJoinPool pool;
    private DataSetPreProcessor preProcessor;

    private int epoch;
    private int[] order;
    private int cursor;
    private DataSet pending;
    private Frames example;

    /**
     * @param workers threads decoding the samples of a batch in parallel; 1 decodes in the calling thread
     */
    public SnnDataSetIterator(FrameDataset<?> data, int batchSize, Layout layout, boolean shuffle, long seed,
                              int workers) {
        if (data == null || layout == null) {
            throw new IllegalArgumentException("dataset and layout are required");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        }
        if (workers <= 0) {
            throw new IllegalArgumentException("workers must be > 0, got " + workers);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.layout = layout;
        this.shuffle = shuffle;
        this.seed = seed;
        this.pool = workers == 1 ? null : new ForkJoinPool(workers);
        startEpoch(0);
    }

    public FrameDataset<?> dataset() { return data; }
    public Layout layout() { return layout; }
    /** The current epoch, 0 before the first {@link #reset()}. */
    public int epoch() { return epoch; }
    /** Samples skipped so far under {@link BadSamplePolicy#SKIP_WITH_WARNING}. */
    public SkippedSamples skipped() { return data.skipped(); }

    private void startEpoch(int e) {
        epoch = e;
        order = order(e);
        cursor = 0;
        pending = null;
    }

    /**
     * The order in which epoch {@code epoch} visits the samples: the permutation of {@code (seed, epoch)} when
     * shuffling, else {@code 0..n-1}. With {@link #batch(int, int[])} this lets other machines build the batches of
     * any epoch (each Spark executor its share), exactly as this iterator would.
     */
    public int[] order(int epoch) {
        int n = data.size();
        if (shuffle) {
            return FrameDataset.permutation(n, FrameDataset.randomFor(seed, epoch, -1));
        }
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    /**
     * The mini-batch of the samples {@code indices} as epoch {@code epoch} presents them (random transforms drawn
     * from {@code (seed, epoch, index)}, the frame caches used), or null when the policy skipped them all; a skipped
     * sample is left out, not replaced. Independent of the iterator's position.
     */
    public DataSet batch(int epoch, int[] indices) {
        Frames[] got = load(epoch, indices);
        List<Frames> frames = new ArrayList<>(indices.length);
        List<Integer> kept = new ArrayList<>(indices.length);
        for (int k = 0; k < indices.length; k++) {
            if (got[k] != null) {
                frames.add(got[k]);
                kept.add(indices[k]);
            }
        }
        return frames.isEmpty() ? null : assemble(frames, kept);
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            pending = nextBatch(batchSize);
        }
        return pending != null;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches; call reset()");
        }
        DataSet ds = pending;
        pending = null;
        return ds;
    }

    @Override
    public DataSet next(int num) {
        if (pending != null) {
            throw new IllegalStateException("next(" + num + ") after hasNext() prepared a batch of " + batchSize
                    + "; call next() first");
        }
        DataSet ds = nextBatch(num);
        if (ds == null) {
            throw new NoSuchElementException("epoch " + epoch + " has no more samples; call reset()");
        }
        return ds;
    }

    private DataSet nextBatch(int num) {
        List<Frames> frames = new ArrayList<>(num);
        List<Integer> indices = new ArrayList<>(num);
        while (frames.size() < num && cursor < order.length) {
            int take = Math.min(num - frames.size(), order.length - cursor);
            int[] idx = new int[take];
            System.arraycopy(order, cursor, idx, 0, take);
            cursor += take;
            Frames[] got = load(epoch, idx);
            for (int k = 0; k < take; k++) {
                if (got[k] != null) {
                    frames.add(got[k]);
                    indices.add(idx[k]);
                }
            }
        }
        if (frames.isEmpty()) {
            return null;
        }
        return assemble(frames, indices);
    }

    private Frames[] load(int e, int[] idx) {
        Frames[] out = new Frames[idx.length];
        if (pool == null || idx.length == 1) {
            for (int k = 0; k < idx.length; k++) {
                out[k] = data.frames(idx[k], FrameDataset.randomFor(seed, e, idx[k]));
            }
            return out;
        }
        try {
            pool.submit(() -> IntStream.range(0, idx.length).parallel().forEach(k ->
                    out[k] = data.frames(idx[k], FrameDataset.randomFor(seed, e, idx[k])))).get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding a batch", ex);
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(ex.getCause());
        }
        return out;
    }

    private DataSet assemble(List<Frames> frames, List<Integer> indices) {
        int b = frames.size();
        Frames first = frames.get(0);
        long[] shape = layout.shape(b, first);
        float[] features = new float[Math.toIntExact((long) b * first.data().length)];
        int classes = data.numClasses();
        float[] labels = new float[b * classes];
        List<String> meta = new ArrayList<>(b);
        for (int k = 0; k < b; k++) {
            layout.write(frames.get(k), features, k);
            int i = indices.get(k);
            labels[k * classes + data.label(i)] = 1f;
            meta.add(data.source().describe(i));
        }
        // One bulk copy: Nd4j.create(float[], ...) writes the buffer element by element, which costs more than
        // decoding at long T (300 x 1 ms bins: 11 M floats a batch).
        INDArray f = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        f.data().asNioFloat().put(features);
        INDArray l = Nd4j.create(labels, new long[] {b, classes}, 'c');
        DataSet ds = new DataSet(f, l);
        ds.setExampleMetaData(meta);
        if (example == null) {
            example = first;
        }
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** One sample's frames, to answer shape questions before iterating (decodes sample 0 at most once). */
    private Frames example() {
        if (example == null) {
            for (int i = 0; i < data.size() && example == null; i++) {
                example = data.frames(i, FrameDataset.randomFor(seed, epoch, i));
            }
            if (data.size() == 0) {
                throw new IllegalStateException("the dataset has no samples (" + data.source().getClass()
                        .getSimpleName() + " of size 0)");
            }
            if (example == null) {
                throw new IllegalStateException("every sample of the dataset is bad: " + data.skipped().report());
            }
        }
        return example;
    }

    /** Features per time step, {@code C*H*W}. */
    @Override
    public int inputColumns() {
        return example().frameSize();
    }

    /** Feature shape of a full batch, e.g. {@code [16, 2, 10, 34, 34]}. */
    public long[] featureShape() {
        return layout.shape(batchSize, example());
    }

    @Override
    public int totalOutcomes() {
        return data.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Starts the next epoch (a new permutation and new augmentation draws when shuffling/augmenting). */
    @Override
    public void reset() {
        startEpoch(epoch + 1);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return data.classNames();
    }

    /** Number of samples in one epoch (before skipping). */
    public int numExamples() {
        return data.size();
    }

    /** Stops the decoding threads and closes the source's files; the iterator cannot be used afterwards. */
    public void shutdown() {
        if (pool != null) {
            pool.shutdown();
        }
        data.close();
    }
}
