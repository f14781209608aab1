/**
 * The fluent dataset builders ({@link org.dl4j.snn.datasets.iterator.DatasetBuilder} and its event and static
 * variants: batching, shuffling, caching, prefetching, transforms, encoders) and the DL4J iterator they build,
 * {@link org.dl4j.snn.datasets.iterator.SnnDataSetIterator}, in a network
 * {@link org.dl4j.snn.datasets.iterator.Layout}.
 *
 * <p>Public API: what the facades return.
 */
package org.dl4j.snn.datasets.iterator;
