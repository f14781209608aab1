package org.dl4j.snn.monitor;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One row of the spike monitor: a spiking layer's firing statistics and neuron-parameter distributions over one
 * interval, an epoch or a window of iterations.
 * The interval's batches end at DL4J iteration {@code iteration} (0-based, as passed to
 * {@code TrainingListener.iterationDone}) of epoch {@code epoch}; files written by {@link MonitorRecordFormat}.
 *
 * @param kind      whether the interval is a whole epoch or a window of iterations
 * @param epoch     DL4J epoch count during the interval (0-based)
 * @param iteration DL4J iteration count of the interval's last batch (0-based); -1 if no iteration was seen
 * @param batches   forward passes counted in the interval
 * @param layer     the layer
 * @param spikes    firing statistics of the interval
 * @param params    neuron-parameter statistics at the end of the interval, keyed "tau", "theta", "v0" (only those
 *                  the layer learns), in that order
 * @param timestampMs wall-clock time the record was made, ms since the Unix epoch
 */
public record MonitorRecord(Kind kind, int epoch, int iteration, int batches, MonitoredLayer layer,
                            SpikeSummary spikes, Map<String, ParamStats> params, long timestampMs)
        implements Serializable {

    /** The interval a record covers. */
    public enum Kind {
        /** A whole training epoch: dead and saturated are the epoch-level definitions. */
        EPOCH,
        /** A window of N iterations (the listener's reporting frequency). */
        ITERATIONS;

        /** The name used in CSV and JSON: "epoch" or "iterations". */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind of a {@link #label()}. */
        public static Kind ofLabel(String label) {
            for (Kind k : values()) {
                if (k.label().equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("MonitorRecord: unknown kind '" + label + "', expected epoch or "
                    + "iterations");
        }
    }

    public MonitorRecord {
        // Keeps the tau, theta, v0 order for the files.
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
