package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.Split;

/** The check shared by the facades of datasets that have a training and a test part only (all but SSC). */
final class TrainTest {
    private TrainTest() {
    }

    /**
     * Refuses {@link Split#VALID}, naming the dataset and its {@code parts}: "splits" (published) or "sides" (of a
     * seeded hold-out).
     */
    static void require(String dataset, Split split, String parts) {
        if (split == Split.VALID) {
            throw new IllegalArgumentException(dataset + " has only TRAIN and TEST " + parts + ", got VALID");
        }
    }
}
