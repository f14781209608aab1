package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.DatasetFolders;
import org.dl4j.snn.datasets.datavec.GestureSampleSource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.format.Aedat31Reader;
import org.dl4j.snn.datasets.format.GestureTrials;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.transform.ToFrames;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * DVS128 Gesture (Amir et al. 2017): 11 hand and arm gestures by 29 subjects under 3 lighting conditions, 128x128,
 * 2 polarities; one sample per annotated gesture of a recording.
 *
 * <p>Layout (the published {@code DvsGesture/} folder): {@code userNN_<lighting>.aedat} (AEDAT 3.1) with
 * {@code userNN_<lighting>_labels.csv} (class 1..11, start, end in us) and the split lists
 * {@code trials_to_train.txt} / {@code trials_to_test.txt}; label = class - 1 (0..10). A recording holds many
 * gestures and is decoded whole, so use {@code cacheInMemory()} or {@code cacheOnDisk(dir)} when shuffling.
 */
public final class DvsGesture {
    public static final String NAME = "DVS128 Gesture";
    public static final int SIZE = 128;
    /** Class names in label order (class 1..11 of the labels files). */
    public static final List<String> CLASSES = List.of("hand_clapping", "right_hand_wave", "left_hand_wave",
            "right_arm_clockwise", "right_arm_counter_clockwise", "left_arm_clockwise", "left_arm_counter_clockwise",
            "arm_roll", "air_drums", "air_guitar", "other_gestures");
    static final String LAYOUT = """
              <root>/trials_to_train.txt, <root>/trials_to_test.txt   (one userNN_<lighting>.aedat name per line)
              <root>/userNN_<lighting>.aedat                           (AEDAT 3.1 recording)
              <root>/userNN_<lighting>_labels.csv                      (class,startTime_usec,endTime_usec)
            as unpacked from the published DvsGesture.tar.gz""";

    private DvsGesture() {
    }

    public static EventDatasetBuilder train(Path root) {
        return of(root, Split.TRAIN);
    }

    public static EventDatasetBuilder test(Path root) {
        return of(root, Split.TEST);
    }

    public static EventDatasetBuilder of(Path root, Split split) {
        return new EventDatasetBuilder(samples(root, split), Layout.CONV, ToFrames.Polarity.SPLIT);
    }

    public static GestureSampleSource samples(Path root, Split split) {
        TrainTest.require(NAME, split, "splits");
        DatasetFolders.requireDir(NAME, root, LAYOUT);
        boolean train = split == Split.TRAIN;
        DatasetFolders.requireFile(NAME, root.resolve(train ? GestureTrials.TRAIN_LIST : GestureTrials.TEST_LIST),
                LAYOUT);
        try {
            List<Path> recordings = GestureTrials.split(root, train);
            for (Path r : recordings) {
                DatasetFolders.requireFile(NAME, r, LAYOUT);
                DatasetFolders.requireFile(NAME, GestureTrials.labelsFileFor(r), LAYOUT);
            }
            return new GestureSampleSource(recordings, new Aedat31Reader(), CLASSES);
        } catch (IOException e) {
            throw DatasetFolders.unreadable(NAME, e);
        }
    }
}
