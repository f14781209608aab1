package org.dl4j.snn.monitor;

import java.io.Closeable;

/**
 * A destination for the spike monitor's records (files, DL4J's StatsStorage, a list in memory).
 * The monitor calls {@link #accept} once per layer and interval, in the order the records are made, then
 * {@link #flush} once per reporting point, and {@link #close} when it is closed.
 */
public interface MonitorSink extends Closeable {

    /** Takes one record. */
    void accept(MonitorRecord record);

    /** Makes what was accepted so far visible to readers (e.g. flushes a file); the default does nothing. */
    default void flush() {
    }

    /** Releases the sink's resources; the default does nothing. */
    @Override
    default void close() {
    }
}
