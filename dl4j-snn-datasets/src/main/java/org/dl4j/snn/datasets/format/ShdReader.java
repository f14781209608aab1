package org.dl4j.snn.datasets.format;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.dataset.VariableLengthDatasetReader;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.VariableLength;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reader for the HDF5 files of the Spiking Heidelberg Digits (SHD) and Spiking Speech Commands (SSC) data
 * sets (Cramer et al. 2020), decoded with jHDF.
 *
 * <p>Layout: {@code spikes/times} (one variable-length float array per sample, seconds), {@code spikes/units}
 * (one variable-length unsigned integer array per sample, channel 0..699), {@code labels} (class per sample),
 * optional {@code extra/speaker} (speaker id per sample) and {@code extra/keys} (class names). Any float
 * width (16/32/64 bit) and any integer width jHDF maps to a Java primitive (8/16/32-bit unsigned, 8..64-bit
 * signed) is accepted. Each spike becomes an event with {@code x = unit}, {@code y = 0}, {@code p = 0} and
 * {@code t = Math.round(seconds * 1e6)} microseconds: the stored value, widened exactly to double, rounded to
 * the nearest microsecond with halves rounded up.
 *
 * <p>On opening, the per-sample heap references of both datasets are loaded (16 bytes per sample); spikes are
 * then fetched in blocks of {@value #BLOCK} consecutive samples, so reading in index order touches each HDF5
 * global heap once while a whole SSC split never has to fit in memory. The blocks are cut from that reference
 * table rather than with jHDF's {@code Dataset.getData(offset, shape)}, because jHDF 0.10.0 looks chunks up by
 * chunk index instead of element offset when slicing a chunked dataset and silently returns empty samples
 * after the first chunk. An instance holds the file open until {@link #close()}; {@link #read(int)} is
 * synchronized, so one instance may be shared.
 *
 * <p>Checks: the layout above (datasets present, one-dimensional, equal sample counts, integer labels >= 0), per
 * sample equal numbers of times and units, units 0..699, finite times >= 0, and the {@link EventChecks} without time
 * order (the format does not promise sorted spikes): at most {@value #MAX_DURATION_S} s by default (SHD and SSC
 * samples last at most 1.4 s). The file is memory-mapped by jHDF, not read whole; any exception jHDF raises on a
 * damaged file becomes an {@link EventFormatException} naming the file and the dataset or samples being read.
 */
public final class ShdReader implements AutoCloseable {
    /** Cochlea channels of SHD and SSC. */
    public static final int CHANNELS = 700;
    /** Path of the spike-time dataset. */
    public static final String TIMES = "spikes/times";
    /** Path of the spike-channel dataset. */
    public static final String UNITS = "spikes/units";
    /** Path of the label dataset. */
    public static final String LABELS = "labels";
    /** Path of the optional speaker dataset. */
    public static final String SPEAKER = "extra/speaker";
    /** Path of the optional class-name dataset. */
    public static final String KEYS = "extra/keys";
    /** Samples fetched per HDF5 read. */
    public static final int BLOCK = 256;
    /** Default longest plausible sample, seconds. */
    public static final int MAX_DURATION_S = 60;
    private static final double US_PER_S = 1e6;
    private static final Logger log = LoggerFactory.getLogger(ShdReader.class);

    private final Path file;
    private final HdfFile hdf;
    private final VlenTable times;
    private final VlenTable units;
    private final int[] labels;
    private final int[] speakers;
    private final List<String> keys;

    private int blockStart = -1;
    private Object[] timesBlock;
    private Object[] unitsBlock;

    /**
     * Opens {@code file} and checks its layout (datasets present, variable-length, equal sample counts).
     *
     * @throws EventFormatException if the file is not HDF5 or lacks a required dataset
     */
    public ShdReader(Path file) throws IOException {
        this.file = file;
        try {
            this.hdf = open(file);
        } catch (RuntimeException e) {
            throw EventFormatException.inFile(file, "not a readable HDF5 file (" + IoErrors.describe(e)
                    + (isGzip(file) ? "; the file starts with the gzip signature: gunzip it first" : "") + ")", e);
        }
        try {
            Dataset timesSet = requireVariableLength(TIMES,
                    "one variable-length float array of spike times in seconds per sample");
            Dataset unitsSet = requireVariableLength(UNITS,
                    "one variable-length unsigned integer array of channels 0.." + (CHANNELS - 1) + " per sample");
            Dataset labelSet = dataset(LABELS);
            if (labelSet == null) {
                throw EventFormatException.inFile(file, "missing dataset '" + LABELS + "' (expected one class "
                        + "label per sample)");
            }
            labels = toIntArray(labelSet, LABELS);
            Dataset speakerSet = dataset(SPEAKER);
            speakers = speakerSet == null ? null : toIntArray(speakerSet, SPEAKER);
            keys = readKeys();
            int n = labels.length;
            checkCount(timesSet, TIMES, n);
            checkCount(unitsSet, UNITS, n);
            times = new VlenTable(timesSet);
            units = new VlenTable(unitsSet);
            if (speakers != null && speakers.length != n) {
                throw EventFormatException.inFile(file, "'" + SPEAKER + "' has " + speakers.length
                        + " entries but '" + LABELS + "' has " + n);
            }
            for (int i = 0; i < n; i++) {
                if (labels[i] < 0) {
                    throw EventFormatException.inSample(file, i, "negative label " + labels[i]);
                }
            }
        } catch (IOException | RuntimeException e) {
            hdf.close();
            if (e instanceof RuntimeException) {
                throw EventFormatException.inFile(file, "unreadable HDF5 content, e.g. a truncated or damaged file ("
                        + IoErrors.describe(e) + ")", e);
            }
            throw e;
        }
    }

    /**
     * The file as jHDF reads it: memory-mapped and wrapped as a buffer when under 2 GiB, so that a damaged size field
     * makes jHDF slice past the end (an exception) instead of allocating the gigabytes it claims; larger files (SSC's
     * largest) through jHDF's file channel.
     */
    private static HdfFile open(Path file) throws IOException {
        long size = java.nio.file.Files.size(file);
        if (size >= Integer.MAX_VALUE) {
            return new HdfFile(file);
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ)) {
            return HdfFile.fromByteBuffer(ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, size));
        }
    }

    private static boolean isGzip(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] b = in.readNBytes(2);
            return b.length == 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads every sample of {@code file}; fine for SHD, prefer {@link #read(int)} for SSC. */
    public static List<ShdSample> readAll(Path file) throws IOException {
        try (ShdReader reader = new ShdReader(file)) {
            return reader.readAll();
        }
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** Class of sample {@code i}, without reading its spikes. */
    public int label(int i) {
        return labels[i];
    }

    /** Speaker of sample {@code i}, or -1 when the file has no {@code extra/speaker}. */
    public int speaker(int i) {
        return speakers == null ? -1 : speakers[i];
    }

    /** Class names from {@code extra/keys} (index = label), empty when absent. */
    public List<String> keys() {
        return keys;
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /**
     * Reads sample {@code i}.
     *
     * @throws EventFormatException if its times and units differ in length, it has no spike, a unit is
     *                              outside 0..699 or a time is negative or not finite
     */
    public ShdSample read(int i) throws EventFormatException {
        return read(i, EventChecks.defaults());
    }

    /** Reads sample {@code i} with {@code checks} instead of {@link EventChecks#defaults()}. */
    public synchronized ShdSample read(int i, EventChecks checks) throws EventFormatException {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException("sample " + i + " of " + labels.length + " in " + file);
        }
        if (blockStart < 0 || i < blockStart || i >= blockStart + timesBlock.length) {
            loadBlock(i - i % BLOCK);
        }
        Object t = timesBlock[i - blockStart];
        Object u = unitsBlock[i - blockStart];
        int n = Array.getLength(t);
        int m = Array.getLength(u);
        if (n != m) {
            throw EventFormatException.inSample(file, i, n + " spike times but " + m + " spike units (expected one "
                    + "unit per time)");
        }
        if (n == 0) {
            throw EventFormatException.inSample(file, i, "empty sample: no spikes");
        }
        Events events = checks.apply(new EventBuffer(units(u, i), new short[n], times(t, i), new byte[n]), CHANNELS,
                1, file, i, k -> -1, false, MAX_DURATION_S * 1_000_000L);
        if (events.size() == 0) {
            throw EventFormatException.inSample(file, i, "empty sample: no spikes left after the timestamp checks");
        }
        return new ShdSample(events, labels[i], speaker(i), file.getFileName() + " sample " + i);
    }

    /** Reads all samples in index order. */
    public List<ShdSample> readAll() throws EventFormatException {
        List<ShdSample> out = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            out.add(read(i));
        }
        return out;
    }

    @Override
    public void close() {
        hdf.close();
    }

    private void loadBlock(int start) throws EventFormatException {
        int count = Math.min(BLOCK, labels.length - start);
        try {
            timesBlock = times.read(start, count);
            unitsBlock = units.read(start, count);
            blockStart = start;
        } catch (RuntimeException e) {
            blockStart = -1;
            throw EventFormatException.inFile(file, "cannot read samples " + start + ".." + (start + count - 1)
                    + " of '" + TIMES + "'/'" + UNITS + "', the file is damaged or truncated (" + IoErrors.describe(e)
                    + ")", e);
        }
    }

    /** Channels of one sample as {@code x}; one loop per Java type jHDF may hand back. */
    private short[] units(Object u, int sample) throws EventFormatException {
        int n = Array.getLength(u);
        short[] x = new short[n];
        if (u instanceof int[] a) {
            for (int j = 0; j < n; j++) {
                x[j] = channel(a[j], sample, j);
            }
        } else if (u instanceof long[] a) {
            for (int j = 0; j < n; j++) {
                x[j] = channel(a[j], sample, j);
            }
        } else if (u instanceof short[] a) {
            for (int j = 0; j < n; j++) {
                x[j] = channel(a[j], sample, j);
            }
        } else if (u instanceof byte[] a) {
            for (int j = 0; j < n; j++) {
                x[j] = channel(a[j], sample, j);
            }
        } else {
            throw EventFormatException.inFile(file, "'" + UNITS + "' holds " + u.getClass().getSimpleName()
                    + " elements; expected integers up to 32 bits");
        }
        return x;
    }

    private short channel(long v, int sample, int spike) throws EventFormatException {
        if (v < 0 || v >= CHANNELS) {
            throw EventFormatException.inSample(file, sample, "spike " + spike + ": unit " + v
                    + " is outside channels 0.." + (CHANNELS - 1));
        }
        return (short) v;
    }

    /** Spike times of one sample in microseconds. */
    private long[] times(Object t, int sample) throws EventFormatException {
        int n = Array.getLength(t);
        long[] us = new long[n];
        if (t instanceof float[] a) {
            for (int j = 0; j < n; j++) {
                us[j] = micros(a[j], sample, j);
            }
        } else if (t instanceof double[] a) {
            for (int j = 0; j < n; j++) {
                us[j] = micros(a[j], sample, j);
            }
        } else {
            throw EventFormatException.inFile(file, "'" + TIMES + "' holds " + t.getClass().getSimpleName()
                    + " elements; expected floating-point seconds");
        }
        return us;
    }

    private long micros(double seconds, int sample, int spike) throws EventFormatException {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw EventFormatException.inSample(file, sample, "spike " + spike + ": time " + seconds
                    + " s is negative or not finite (expected seconds from the start of the sample)");
        }
        return Math.round(seconds * US_PER_S);
    }

    /** The heap references of a 1-D variable-length dataset, and reads of consecutive samples through them. */
    private final class VlenTable {
        private final VariableLength type;
        private final ByteBuffer refs;
        private final int refBytes;

        VlenTable(Dataset d) {
            type = (VariableLength) d.getDataType();
            refBytes = type.getSize();
            refs = d.isEmpty() ? ByteBuffer.allocate(0) : ((DatasetBase) d).getDataBuffer();
        }

        Object[] read(int start, int count) {
            ByteBuffer slice = refs.duplicate();
            slice.limit((start + count) * refBytes).position(start * refBytes);
            return (Object[]) VariableLengthDatasetReader.readDataset(type, slice.slice(), new int[]{count},
                    hdf.getHdfBackingStorage());
        }
    }

    private Dataset dataset(String path) {
        Node node;
        try {
            node = hdf.getByPath(path);
        } catch (HdfException e) {
            return null;
        }
        return node instanceof Dataset d ? d : null;
    }

    private Dataset requireVariableLength(String path, String expected) throws EventFormatException {
        Dataset d = dataset(path);
        if (d == null) {
            throw EventFormatException.inFile(file, "missing dataset '" + path + "' (expected " + expected + ")");
        }
        if (!d.isVariableLength() || d.getDimensions().length != 1) {
            throw EventFormatException.inFile(file, "dataset '" + path + "' has shape "
                    + Arrays.toString(d.getDimensions()) + (d.isVariableLength() ? "" : " of fixed-length "
                    + d.getJavaType().getSimpleName()) + " (expected " + expected + ")");
        }
        return d;
    }

    private void checkCount(Dataset d, String path, int n) throws EventFormatException {
        if (d.getDimensions()[0] != n) {
            throw EventFormatException.inFile(file, "'" + path + "' has " + d.getDimensions()[0]
                    + " samples but '" + LABELS + "' has " + n);
        }
    }

    private int[] toIntArray(Dataset d, String path) throws EventFormatException {
        if (d.getDimensions().length != 1) {
            throw EventFormatException.inFile(file, "dataset '" + path + "' has shape "
                    + Arrays.toString(d.getDimensions()) + ", expected one integer per sample");
        }
        Object data = d.isEmpty() ? new int[0] : d.getData();
        if (data instanceof int[] a) {
            return a;
        }
        int n = Array.getLength(data);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            Object v = Array.get(data, i);
            if (!(v instanceof Byte || v instanceof Short || v instanceof Long)
                    || ((Number) v).longValue() != ((Number) v).intValue()) {
                throw EventFormatException.inFile(file, "dataset '" + path + "' entry " + i + " = " + v
                        + " is not an integer in int range");
            }
            out[i] = ((Number) v).intValue();
        }
        return out;
    }

    private List<String> readKeys() {
        Dataset d = dataset(KEYS);
        if (d == null) {
            return List.of();
        }
        Object data = d.getData();
        if (data instanceof String[] names) {
            return List.of(names);
        }
        log.warn("{}: '{}' holds {} rather than strings; class names unavailable", file, KEYS,
                data == null ? "nothing" : data.getClass().getSimpleName());
        return List.of();
    }
}
