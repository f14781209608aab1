package org.dl4j.snn.datasets.datavec;

import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.SequenceRecord;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataIndex;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.records.reader.SequenceRecordReader;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.dl4j.snn.datasets.transform.Frames;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A DataVec {@link SequenceRecordReader} over a {@link FrameDataset}: one sequence per sample, one time step per
 * frame, each step {@code [NDArrayWritable(features [1, C*H*W]), IntWritable(label)]}.
 *
 * <p>Features of a step are the frame flattened in {@code (c, h, w)} order, so DataVec's
 * {@code SequenceRecordReaderDataSetIterator(reader, batch, numClasses, 1)} yields features
 * {@code [batch, C*H*W, T]} (the project's dense layout) and per-step one-hot labels {@code [batch, classes, T]}.
 * Samples are read in index order; {@link #reset()} starts a new epoch (new draws for random pipelines);
 * bad samples follow the dataset's {@link BadSamplePolicy}.
 */
public class FrameSequenceRecordReader extends BaseRecordReader implements SequenceRecordReader {
    protected FrameDataset<?> data;
    private final long seed;
    private Configuration conf;
    private int cursor;
    private int epoch;
    private int pendingIndex = -1;
    private Frames pending;

    /** A reader over {@code data}, ready to use (no {@code initialize} needed). */
    public FrameSequenceRecordReader(FrameDataset<?> data, long seed) {
        this.data = data;
        this.seed = seed;
    }

    /** For subclasses that build their dataset in {@link #initialize(InputSplit)}. */
    protected FrameSequenceRecordReader(long seed) {
        this(null, seed);
    }

    public FrameDataset<?> dataset() {
        return data;
    }

    private FrameDataset<?> requireData() {
        if (data == null) {
            throw new IllegalStateException("record reader not initialized: call initialize(InputSplit) first");
        }
        return data;
    }

    /** The sample's frames as DataVec time steps. */
    public static List<List<Writable>> toSequence(Frames f, int label) {
        int n = f.frameSize();
        List<List<Writable>> seq = new ArrayList<>(f.steps());
        for (int t = 0; t < f.steps(); t++) {
            float[] row = Arrays.copyOfRange(f.data(), t * n, (t + 1) * n);
            seq.add(List.of(new NDArrayWritable(Nd4j.create(row, new long[] {1, n}, 'c')), new IntWritable(label)));
        }
        return seq;
    }

    @Override
    public void initialize(InputSplit split) throws IOException, InterruptedException {
        super.initialize(split);
        requireData();
    }

    @Override
    public void initialize(Configuration conf, InputSplit split) throws IOException, InterruptedException {
        setConf(conf);
        initialize(split);
    }

    @Override
    public boolean hasNext() {
        FrameDataset<?> d = requireData();
        while (pending == null && cursor < d.size()) {
            int i = cursor++;
            pending = d.frames(i, FrameDataset.randomFor(seed, epoch, i));
            pendingIndex = i;
        }
        return pending != null;
    }

    @Override
    public SequenceRecord nextSequence() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more sequences in this epoch; call reset()");
        }
        Frames f = pending;
        int i = pendingIndex;
        pending = null;
        List<List<Writable>> seq = toSequence(f, data.label(i));
        invokeListeners(seq);
        return new org.datavec.api.records.impl.SequenceRecord(seq, metaData(i));
    }

    private RecordMetaData metaData(int i) {
        return new RecordMetaDataIndex(i, URI.create("sample:" + i), getClass());
    }

    @Override
    public List<List<Writable>> sequenceRecord() {
        return nextSequence().getSequenceRecord();
    }

    @Override
    public SequenceRecord loadSequenceFromMetaData(RecordMetaData recordMetaData) {
        if (!(recordMetaData instanceof RecordMetaDataIndex m)) {
            throw new IllegalArgumentException("expected RecordMetaDataIndex from this reader, got " + recordMetaData);
        }
        int i = Math.toIntExact(m.getIndex());
        Frames f = requireData().frames(i, FrameDataset.randomFor(seed, epoch, i));
        if (f == null) {
            throw new IllegalStateException("sample " + i + " was skipped as bad: " + data.skipped().report());
        }
        return new org.datavec.api.records.impl.SequenceRecord(toSequence(f, data.label(i)), metaData(i));
    }

    @Override
    public List<SequenceRecord> loadSequenceFromMetaData(List<RecordMetaData> recordMetaDatas) {
        List<SequenceRecord> out = new ArrayList<>(recordMetaDatas.size());
        for (RecordMetaData m : recordMetaDatas) {
            out.add(loadSequenceFromMetaData(m));
        }
        return out;
    }

    @Override
    public List<List<Writable>> sequenceRecord(URI uri, DataInputStream dataInputStream) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " reads samples by index; use "
                + "EventSequenceRecordReader to decode event files from streams");
    }

    @Override
    public List<Writable> next() {
        throw new UnsupportedOperationException("a sequence reader: use sequenceRecord() or nextSequence()");
    }

    @Override
    public Record nextRecord() {
        throw new UnsupportedOperationException("a sequence reader: use nextSequence()");
    }

    @Override
    public List<Writable> record(URI uri, DataInputStream dataInputStream) {
        throw new UnsupportedOperationException("a sequence reader: use sequenceRecord(URI, DataInputStream)");
    }

    @Override
    public Record loadFromMetaData(RecordMetaData recordMetaData) {
        throw new UnsupportedOperationException("a sequence reader: use loadSequenceFromMetaData");
    }

    @Override
    public List<Record> loadFromMetaData(List<RecordMetaData> recordMetaDatas) {
        throw new UnsupportedOperationException("a sequence reader: use loadSequenceFromMetaData");
    }

    @Override
    public List<String> getLabels() {
        return requireData().classNames();
    }

    @Override
    public void reset() {
        cursor = 0;
        epoch++;
        pending = null;
        pendingIndex = -1;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public void close() {
        if (data != null) {
            data.close();
        }
    }

    @Override
    public void setConf(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public Configuration getConf() {
        return conf;
    }
}
