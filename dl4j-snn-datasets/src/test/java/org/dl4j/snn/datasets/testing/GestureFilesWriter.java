package org.dl4j.snn.datasets.testing;

import org.dl4j.snn.datasets.format.GestureLabels;
import org.dl4j.snn.datasets.format.GestureTrials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writer of the DVS128 Gesture text files: {@code userNN_<lighting>_labels.csv} and the trials lists.
 *
 * <p>Layout: the labels file is the header {@code class,startTime_usec,endTime_usec} then one
 * {@code class,start,end} line per gesture (class 1..11, microseconds), lines ending {@code "\r\n"} as in the
 * published files; a trials list is one {@code .aedat} file name per line.
 */
public final class GestureFilesWriter {
    private GestureFilesWriter() {
    }

    /** Writes a labels file; {@code classes} are the file's 1-based classes (labels + 1). */
    public static void writeLabels(Path csv, int[] classes, long[] startUs, long[] endUs) throws IOException {
        StringBuilder sb = new StringBuilder(GestureLabels.HEADER).append("\r\n");
        for (int i = 0; i < classes.length; i++) {
            sb.append(classes[i]).append(',').append(startUs[i]).append(',').append(endUs[i]).append("\r\n");
        }
        Files.writeString(csv, sb, StandardCharsets.US_ASCII);
    }

    /** Writes {@code trials_to_train.txt} or {@code trials_to_test.txt} into {@code root}. */
    public static Path writeTrials(Path root, boolean train, List<String> aedatNames) throws IOException {
        Path file = root.resolve(train ? GestureTrials.TRAIN_LIST : GestureTrials.TEST_LIST);
        Files.write(file, aedatNames, StandardCharsets.US_ASCII);
        return file;
    }
}
