package org.dl4j.snn.datasets.datavec;

/**
 * Which part of a dataset: the published training, validation (SSC only) or test split, or the two sides of a
 * seeded per-class hold-out where a dataset has no published split (N-Caltech101, CIFAR10-DVS).
 *
 * <p>Split names map to files and folders per dataset (e.g. N-MNIST {@code Train}/{@code Test}, SSC
 * {@code ssc_valid.h5}).
 */
public enum Split {
    TRAIN, VALID, TEST
}
