/**
 * File formats: one reader per on-disk format (AEDAT 2.0 and 3.1, ATIS {@code .bin}, SHD/SSC HDF5, idx,
 * CIFAR-10 binary, DVS128 Gesture label files) decoding into {@link org.dl4j.snn.datasets.format.Events} (primitive
 * arrays {@code x, y, t, p}) or images; event readers share the {@link org.dl4j.snn.datasets.format.EventFileReader}
 * interface.
 *
 * <p>Every reader reports a bad file with an {@link org.dl4j.snn.datasets.format.EventFormatException} naming the file
 * and the byte offset, line or sample; whole-file reads are bounded by {@link org.dl4j.snn.datasets.format.FileLimits},
 * and decoded recordings pass the timestamp checks of {@link org.dl4j.snn.datasets.format.EventChecks}.
 *
 * <p>Public API, for files outside the facades. The writers that invert these readers are test code (package
 * {@code org.dl4j.snn.datasets.testing} in the test-jar of dl4j-snn-datasets).
 */
package org.dl4j.snn.datasets.format;
