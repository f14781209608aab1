/**
 * Static images as spike input: {@link org.dl4j.snn.datasets.encode.StaticImage} and the encoders that turn one
 * into {@code T} input steps (direct current, Poisson / Bernoulli rate coding).
 *
 * <p>Public API, usually reached through {@code StaticDatasetBuilder}.
 */
package org.dl4j.snn.datasets.encode;
