/**
 * Caches of integrated frames: the frames' binary codec, the on-disk cache and the identity of a sample's source
 * file that keys them.
 *
 * <p>Internal machinery behind {@code DatasetBuilder.cacheInMemory()} / {@code cacheOnDisk(dir)}, public only because
 * the datavec and iterator packages use it; users do not call it.
 */
package org.dl4j.snn.datasets.cache;
