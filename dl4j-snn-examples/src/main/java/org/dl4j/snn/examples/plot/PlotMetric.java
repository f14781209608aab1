package org.dl4j.snn.examples.plot;

import java.util.function.ToDoubleFunction;
import org.dl4j.snn.monitor.MonitorRecord;
import org.dl4j.snn.monitor.ParamStats;

/**
 * A quantity of the spike monitor's records that {@link SpikePlots#history} draws over epochs or iterations.
 * Each constant reads one field of a {@link MonitorRecord} (parameter means are NaN where the layer does not learn
 * that parameter, and such points are left out).
 */
public enum PlotMetric {
    MEAN_RATE("mean firing rate", r -> r.spikes().meanRate()),
    DEAD_FRACTION("dead neurons (fraction)", r -> r.spikes().deadFraction()),
    SATURATED_FRACTION("saturated neurons (fraction)", r -> r.spikes().saturatedFraction()),
    TAU_MEAN("mean tau", r -> paramMean(r, ParamStats.TAU)),
    THETA_MEAN("mean theta", r -> paramMean(r, ParamStats.THETA)),
    V0_MEAN("mean v0", r -> paramMean(r, ParamStats.V0));

    private final String label;
    private final ToDoubleFunction<MonitorRecord> value;

    PlotMetric(String label, ToDoubleFunction<MonitorRecord> value) {
        this.label = label;
        this.value = value;
    }

    /** Axis label. */
    public String label() {
        return label;
    }

    /** The metric's value in {@code r}. */
    public double of(MonitorRecord r) {
        return value.applyAsDouble(r);
    }

    private static double paramMean(MonitorRecord r, String name) {
        ParamStats p = r.params().get(name);
        return p == null ? Double.NaN : p.mean();
    }
}
