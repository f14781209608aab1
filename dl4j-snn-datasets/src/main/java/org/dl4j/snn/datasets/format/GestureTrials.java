package org.dl4j.snn.datasets.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The train/test split of DVS128 Gesture and the pairing of each recording with its labels file.
 *
 * <p>Layout of the published {@code DvsGesture/} folder: {@code trials_to_train.txt} and
 * {@code trials_to_test.txt} list one recording name per line ({@code userNN_<lighting>.aedat}, blank lines
 * ignored), and each recording {@code X.aedat} (AEDAT 3.1) sits next to its annotations {@code X_labels.csv}.
 */
public final class GestureTrials {
    /** The published list of training recordings. */
    public static final String TRAIN_LIST = "trials_to_train.txt";
    /** The published list of test recordings. */
    public static final String TEST_LIST = "trials_to_test.txt";
    private static final String AEDAT_SUFFIX = ".aedat";
    private static final String LABELS_SUFFIX = "_labels.csv";

    private GestureTrials() {
    }

    /** The recordings of the training ({@code train = true}) or test split of the dataset in {@code root}. */
    public static List<Path> split(Path root, boolean train) throws IOException {
        return read(root.resolve(train ? TRAIN_LIST : TEST_LIST));
    }

    /**
     * Reads a trials list, resolving each name against the list's folder.
     *
     * @throws EventFormatException naming the line if an entry is not an {@code .aedat} file name, or the file if it
     *                              lists no recording
     */
    public static List<Path> read(Path trialsList) throws IOException {
        List<String> lines = GestureLabels.lines(trialsList);
        Path dir = trialsList.toAbsolutePath().getParent();
        List<Path> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!name.endsWith(AEDAT_SUFFIX) || name.contains("/") || name.contains("\\")
                    || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
                throw EventFormatException.atLine(trialsList, i + 1, "expected a recording file name (printable, "
                        + "no folder) ending in '" + AEDAT_SUFFIX + "', found '" + name.replaceAll("[^\\x20-\\x7E]",
                        "?") + "'");
            }
            out.add(dir.resolve(name));
        }
        if (out.isEmpty()) {
            throw EventFormatException.inFile(trialsList, "lists no recording (" + (lines.isEmpty() ? "the file is "
                    + "empty" : "only blank lines") + "); expected one userNN_<lighting>.aedat name per line");
        }
        return out;
    }

    /** {@code .../userNN_<lighting>.aedat} -> {@code .../userNN_<lighting>_labels.csv}. */
    public static Path labelsFileFor(Path aedat) {
        String name = aedat.getFileName().toString();
        if (!name.endsWith(AEDAT_SUFFIX)) {
            throw new IllegalArgumentException("not an .aedat recording: " + aedat);
        }
        return aedat.resolveSibling(name.substring(0, name.length() - AEDAT_SUFFIX.length()) + LABELS_SUFFIX);
    }

    /** Reads one recording and cuts it into its labelled gestures ({@link GestureLabels#cut}). */
    public static List<LabelledEvents> readSamples(Path aedat, Aedat31Reader reader) throws IOException {
        GestureLabels labels = GestureLabels.read(labelsFileFor(aedat));
        return labels.cut(reader.read(aedat), aedat.getFileName().toString());
    }
}
