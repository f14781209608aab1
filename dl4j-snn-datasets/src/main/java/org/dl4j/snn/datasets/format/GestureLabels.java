package org.dl4j.snn.datasets.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The gesture annotations of one DVS128 Gesture recording ({@code userNN_<lighting>_labels.csv}).
 *
 * <p>Layout: a header line {@code class,startTime_usec,endTime_usec}, then one line per gesture with the
 * class 1..11 and the start and end timestamps in microseconds on the recording's clock. Classes are mapped
 * to labels {@code class - 1} (0..10), and a gesture's sample is the events with
 * {@code startTime_usec <= t < endTime_usec}, as in SpikingJelly's {@code DVS128Gesture.split_aedat_files_to_np}.
 */
public final class GestureLabels {
    /** Number of gesture classes. */
    public static final int NUM_CLASSES = 11;
    /** The header line of every labels file. */
    public static final String HEADER = "class,startTime_usec,endTime_usec";

    private final Path source;
    private final int[] labels;
    private final long[] startUs;
    private final long[] endUs;
    private final int[] lineNumbers;

    private GestureLabels(Path source, int[] labels, long[] startUs, long[] endUs, int[] lineNumbers) {
        this.source = source;
        this.labels = labels;
        this.startUs = startUs;
        this.endUs = endUs;
        this.lineNumbers = lineNumbers;
    }

    /** Reads and validates a labels file. */
    public static GestureLabels read(Path csv) throws IOException {
        return parse(lines(csv), csv);
    }

    /** The lines of a small text file, after its size is checked against {@link FileLimits.Format#TEXT}. */
    static List<String> lines(Path file) throws IOException {
        return new String(FileLimits.readAll(file, FileLimits.Format.TEXT), StandardCharsets.ISO_8859_1).lines()
                .toList();
    }

    /**
     * Parses the lines of a labels file.
     *
     * @throws EventFormatException naming the line if the header is missing, a line does not hold three
     *                              integers, the class is outside 1..11, or the end is not after the start
     */
    public static GestureLabels parse(List<String> lines, Path source) throws EventFormatException {
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw EventFormatException.atLine(source, 1, "expected the header '" + HEADER + "', found "
                    + (lines.isEmpty() ? "an empty file" : "'" + lines.get(0).strip() + "'"));
        }
        int n = lines.size() - 1;
        int[] labels = new int[n];
        long[] start = new long[n];
        long[] end = new long[n];
        int[] lineNumbers = new int[n];
        int k = 0;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int lineNo = i + 1;
            String[] f = line.split(",", -1);
            if (f.length != 3) {
                throw EventFormatException.atLine(source, lineNo, "expected 3 comma-separated fields "
                        + "class,startTime_usec,endTime_usec, found " + f.length + " in '" + line + "'");
            }
            int cls;
            try {
                cls = Integer.parseInt(f[0].strip());
                start[k] = Long.parseLong(f[1].strip());
                end[k] = Long.parseLong(f[2].strip());
            } catch (NumberFormatException e) {
                throw EventFormatException.atLine(source, lineNo, "expected integers, found '" + line + "'");
            }
            if (cls < 1 || cls > NUM_CLASSES) {
                throw EventFormatException.atLine(source, lineNo, "class " + cls + " is outside 1.."
                        + NUM_CLASSES);
            }
            if (start[k] < 0 || end[k] <= start[k]) {
                throw EventFormatException.atLine(source, lineNo, "time window [" + start[k] + ", " + end[k]
                        + ") us is empty or negative");
            }
            labels[k] = cls - 1;
            lineNumbers[k] = lineNo;
            k++;
        }
        return new GestureLabels(source, Arrays.copyOf(labels, k), Arrays.copyOf(start, k), Arrays.copyOf(end, k),
                Arrays.copyOf(lineNumbers, k));
    }

    /** Number of annotated gestures. */
    public int size() {
        return labels.length;
    }

    /** Label of gesture {@code i}, 0..10 (the file's class minus one). */
    public int label(int i) {
        return labels[i];
    }

    /** Inclusive start of gesture {@code i}, microseconds. */
    public long startUs(int i) {
        return startUs[i];
    }

    /** Exclusive end of gesture {@code i}, microseconds. */
    public long endUs(int i) {
        return endUs[i];
    }

    /** The labels file these annotations came from. */
    public Path source() {
        return source;
    }

    /**
     * Cuts a recording into one labelled sample per gesture, in file order.
     *
     * @param recording     the whole recording's events
     * @param recordingName the recording's name, used in each sample's {@code source}
     * @throws EventFormatException naming the labels line if a gesture's window holds no event
     */
    public List<LabelledEvents> cut(Events recording, String recordingName) throws EventFormatException {
        List<LabelledEvents> samples = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            Events window = recording.between(startUs[i], endUs[i]);
            if (window.size() == 0) {
                throw EventFormatException.atLine(source, lineNumbers[i], "empty sample: recording "
                        + recordingName + " has no event in [" + startUs[i] + ", " + endUs[i] + ") us (class "
                        + (labels[i] + 1) + ")");
            }
            samples.add(new LabelledEvents(window, labels[i], recordingName + " class " + (labels[i] + 1)
                    + " [" + startUs[i] + ", " + endUs[i] + ") us"));
        }
        return samples;
    }
}
