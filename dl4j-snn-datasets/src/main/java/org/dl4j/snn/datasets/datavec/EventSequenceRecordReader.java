package org.dl4j.snn.datasets.datavec;

import org.datavec.api.io.labels.ParentPathLabelGenerator;
import org.datavec.api.io.labels.PathLabelGenerator;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.Writable;
import org.dl4j.snn.datasets.format.EventFileReader;
import org.dl4j.snn.datasets.format.EventFormatException;
import org.dl4j.snn.datasets.format.FileLimits;
import org.dl4j.snn.datasets.format.Events;
import org.dl4j.snn.datasets.transform.EventPipeline;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The generic DataVec {@link org.datavec.api.records.reader.SequenceRecordReader} for event files: an
 * {@link InputSplit} of files (e.g. {@code new FileSplit(dir, new String[]{"bin"})}), an {@link EventFileReader}
 * for their format, an {@link EventPipeline} to frames, and a {@link PathLabelGenerator} for the class.
 *
 * <p>As DataVec's {@code ImageRecordReader}, labels default to the parent folder name and the class list is the
 * sorted set of labels found in the split (so N-MNIST's {@code Train/0..9} give classes "0".."9"). Hidden files of
 * the split (macOS {@code ._00001.bin}, {@code .DS_Store}) are left out with a warning. Each sequence
 * step is {@code [NDArrayWritable([1, C*H*W]), IntWritable(label)]} (see {@link FrameSequenceRecordReader}).
 */
public class EventSequenceRecordReader extends FrameSequenceRecordReader {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventSequenceRecordReader.class);
    /** The most bytes {@link #sequenceRecord(URI, DataInputStream)} reads from a stream. */
    static final int MAX_STREAM_BYTES = (int) Math.min(Integer.MAX_VALUE - 8,
            FileLimits.maxBytes(FileLimits.Format.AEDAT3));
    private final EventFileReader reader;
    private final EventPipeline pipeline;
    private final PathLabelGenerator labelGenerator;
    private final BadSamplePolicy policy;
    private List<String> classNames;

    /** Labels from parent folder names, fail-fast on bad files. */
    public EventSequenceRecordReader(EventFileReader reader, EventPipeline pipeline) {
        this(reader, pipeline, new ParentPathLabelGenerator(), BadSamplePolicy.FAIL_FAST, 0L);
    }

    public EventSequenceRecordReader(EventFileReader reader, EventPipeline pipeline, PathLabelGenerator labels,
                                     BadSamplePolicy policy, long seed) {
        super(seed);
        if (reader == null || pipeline == null || labels == null || policy == null) {
            throw new IllegalArgumentException("reader, pipeline, label generator and policy are required");
        }
        this.reader = reader;
        this.pipeline = pipeline;
        this.labelGenerator = labels;
        this.policy = policy;
    }

    @Override
    public void initialize(InputSplit split) throws IOException, InterruptedException {
        List<Path> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        for (URI uri : split.locations()) {
            Path file = Path.of(uri);
            if (DatasetFolders.hidden(file.getFileName().toString())) {
                hidden.add(file.toString());   // ._00001.bin (macOS), .DS_Store: never samples
                continue;
            }
            files.add(file);
            names.add(labelGenerator.getLabelForPath(uri).toString());
        }
        if (!hidden.isEmpty()) {
            log.warn("not read as samples: {} hidden file(s) {}{}", hidden.size(),
                    hidden.subList(0, Math.min(DatasetFolders.NAMED, hidden.size())),
                    hidden.size() > DatasetFolders.NAMED ? " ..." : "");
        }
        classNames = List.copyOf(new TreeSet<>(names));
        int[] labels = new int[files.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = classNames.indexOf(names.get(i));
        }
        data = new FrameDataset<>(new FileSampleSource(files, labels, classNames, reader), pipeline, false, null,
                policy);
        reset();
        super.initialize(split);
    }

    /** Decodes one file from a stream, labelled by {@code uri}'s path, through the pipeline. */
    @Override
    public List<List<Writable>> sequenceRecord(URI uri, DataInputStream in) throws IOException {
        Path file = Path.of(uri.getPath());
        byte[] bytes = in.readNBytes(MAX_STREAM_BYTES + 1);
        if (bytes.length > MAX_STREAM_BYTES) {
            throw EventFormatException.inFile(file, "the stream holds more than " + FileLimits.mib(MAX_STREAM_BYTES)
                    + ", more than an event file of any supported format (" + FileLimits.Format.AEDAT3.property()
                    + " sets the largest)");
        }
        Events e = reader.decode(bytes, file);
        String name = labelGenerator.getLabelForPath(uri).toString();
        int label = classNames == null ? -1 : classNames.indexOf(name);
        if (label < 0) {
            throw new IllegalArgumentException("label '" + name + "' of " + uri + " is not one of the classes "
                    + classNames + " found at initialize()");
        }
        return toSequence(pipeline.apply(e, FrameDataset.randomFor(0, 0, 0)), label);
    }
}
