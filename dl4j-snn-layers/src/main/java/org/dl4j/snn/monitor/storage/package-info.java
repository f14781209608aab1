/**
 * Spike-monitor records as DL4J UI stats-storage entries ({@link org.dl4j.snn.monitor.storage.StatsStorageSink}),
 * so that the training UI and stats files carry them; needs deeplearning4j-core (optional dependency).
 * Public API.
 */
package org.dl4j.snn.monitor.storage;
