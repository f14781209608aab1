package org.dl4j.snn.monitor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.dl4j.snn.monitor.internal.NetworkLayers;
import org.dl4j.snn.monitor.internal.NeuronParamStats;
import org.dl4j.snn.monitor.internal.SpikeCounts;
import org.dl4j.snn.monitor.internal.SpikingLayers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DL4J training listener that records, per spiking layer, the mean firing rate, the fractions of dead and saturated
 * neurons and the distributions of tau, theta and v0, once per epoch and (optionally) every N iterations.
 * Definitions are those of {@link SpikeSummary} (dead = no spike over the whole interval, across all its samples and
 * steps; saturated = a spike at every unmasked step of every sample) and {@link NeuronParamStats}
 * (tau = 1/sigmoid(tauW)); records go to {@link MonitorSink}s (CSV and JSON-lines files in a run folder, DL4J's
 * StatsStorage through {@code org.dl4j.snn.monitor.storage}) and stay available from {@link #records()}.
 *
 * <p>Where the spikes come from: during {@code fit}, MultiLayerNetwork and ComputationGraph hand the training
 * activations of every non-output layer to {@code onForwardPass} (DL4J 1.0.0-M2.1,
 * {@code computeGradientAndScore}); the monitor reduces each spiking layer's activations to per-neuron counts with
 * one ND4J sum over batch and time ({@link SpikeCounts}) before DL4J reuses the workspace. No extra forward pass is
 * made. Which layers are spiking is decided by {@link SpikingLayers#isSpiking} unless a predicate is given.
 *
 * <p>Intervals: epoch records are made in {@code onEpochEnd} (or when the model's epoch count changes between
 * forward passes, for loops over {@code fit(DataSet)}; or by {@link #endEpoch()}). Window records are made after
 * every N-th iteration (DL4J iteration counts {@code N-1, 2N-1, ...}); windows are independent of epochs. {@link
 * #close()} reports unfinished intervals, then closes the sinks.
 *
 * <pre>{@code
 * try (SpikeMonitor monitor = SpikeMonitor.builder().runFolder(runDir).everyIterations(50).build()) {
 *     net.setListeners(monitor);
 *     net.fit(train, epochs);
 * }
 * }</pre>
 */
public final class SpikeMonitor extends BaseTrainingListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpikeMonitor.class);

    private final int everyIterations;
    private final boolean parameterStats;
    private final Predicate<Layer> isSpiking;
    private final List<MonitorSink> sinks;
    private final List<MonitorRecord> records = new ArrayList<>();

    private NetworkLayers net;
    private List<Tracked> tracked = List.of();
    private int epoch = -1;
    private int lastIteration = -1;
    private boolean closed;

    /** Counts of one layer for the current epoch and the current window. */
    private record Tracked(MonitoredLayer layer, SpikeCounts epoch, SpikeCounts window) {
        Tracked(MonitoredLayer layer) {
            this(layer, new SpikeCounts(layer.describe()), new SpikeCounts(layer.describe()));
        }
    }

    private SpikeMonitor(Builder b) {
        this.everyIterations = b.everyIterations;
        this.parameterStats = b.parameterStats;
        this.isSpiking = b.isSpiking;
        this.sinks = List.copyOf(b.sinks);
    }

    /** A builder: by default epoch records only, parameter statistics on, records kept in memory only. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        count(model, layer -> net.activation(layer, activations));
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        count(model, layer -> net.activation(layer, activations));
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        lastIteration = iteration;
        if (everyIterations > 0 && (iteration + 1) % everyIterations == 0) {
            emit(MonitorRecord.Kind.ITERATIONS, Tracked::window);
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        if (net != null && net.model() == model) {
            endEpoch();
        }
    }

    /** Reports the epoch counted so far (if any) and starts a new one; {@code onEpochEnd} calls it. */
    public void endEpoch() {
        emit(MonitorRecord.Kind.EPOCH, Tracked::epoch);
    }

    /** All records made so far, in order. */
    public List<MonitorRecord> records() {
        return Collections.unmodifiableList(new ArrayList<>(records));
    }

    /** The monitored layers of the model seen last (empty before the first forward pass). */
    public List<MonitoredLayer> layers() {
        return net == null ? List.of() : net.layers();
    }

    /** Reports unfinished epoch and window counts, then closes the sinks. Later calls do nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        emit(MonitorRecord.Kind.ITERATIONS, Tracked::window);
        emit(MonitorRecord.Kind.EPOCH, Tracked::epoch);
        RuntimeException failure = null;
        for (MonitorSink s : sinks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void count(Model model, Function<MonitoredLayer, INDArray> activationOf) {
        if (closed) {
            throw new IllegalStateException("SpikeMonitor: used after close()");
        }
        bind(model);
        int e = net.epochCount();
        if (e != epoch) {
            // A new epoch without onEpochEnd (a loop over fit(DataSet) with incrementEpochCount()).
            endEpoch();
            epoch = e;
        }
        for (Tracked t : tracked) {
            INDArray spikes = activationOf.apply(t.layer());
            if (spikes == null) {
                continue;
            }
            SpikeCounts.Batch b = SpikeCounts.count(spikes, net.mask(t.layer()), t.layer().describe());
            t.epoch().add(b);
            if (everyIterations > 0) {
                t.window().add(b);
            }
        }
    }

    private void bind(Model model) {
        if (net != null && net.model() == model) {
            return;
        }
        if (net != null) {
            log.warn("SpikeMonitor: attached to another model; reporting the counts of the previous one first");
            emit(MonitorRecord.Kind.ITERATIONS, Tracked::window);
            emit(MonitorRecord.Kind.EPOCH, Tracked::epoch);
        }
        net = NetworkLayers.of(model, isSpiking);
        List<Tracked> t = new ArrayList<>();
        for (MonitoredLayer l : net.layers()) {
            t.add(new Tracked(l));
        }
        tracked = List.copyOf(t);
        epoch = net.epochCount();
        if (tracked.isEmpty()) {
            log.warn("SpikeMonitor: no spiking layers in {}; nothing will be recorded",
                    model.getClass().getSimpleName());
        } else {
            log.info("SpikeMonitor: monitoring {}", net.layers());
        }
    }

    private void emit(MonitorRecord.Kind kind, Function<Tracked, SpikeCounts> interval) {
        if (net == null) {
            return;
        }
        long now = System.currentTimeMillis();
        boolean any = false;
        for (Tracked t : tracked) {
            SpikeCounts c = interval.apply(t);
            if (c.isEmpty()) {
                c.reset();
                continue;
            }
            Map<String, ParamStats> params = parameterStats ? NeuronParamStats.of(net.paramTable(t.layer()))
                    : Map.of();
            MonitorRecord r = new MonitorRecord(kind, epoch, lastIteration, c.batches(), t.layer(), c.summary(),
                    params, now);
            c.reset();
            records.add(r);
            for (MonitorSink s : sinks) {
                s.accept(r);
            }
            any = true;
        }
        if (any) {
            for (MonitorSink s : sinks) {
                s.flush();
            }
        }
    }

    /** Builds a {@link SpikeMonitor}. */
    public static final class Builder {
        private int everyIterations;
        private boolean parameterStats = true;
        private Predicate<Layer> isSpiking = SpikingLayers::isSpiking;
        private final List<MonitorSink> sinks = new ArrayList<>();

        private Builder() {
        }

        /**
         * Also report every {@code n} iterations (0, the default: epochs only).
         *
         * @throws IllegalArgumentException if {@code n < 0}
         */
        public Builder everyIterations(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("SpikeMonitor.everyIterations must be >= 0 (0 = epochs only), got "
                        + n);
            }
            this.everyIterations = n;
            return this;
        }

        /** Whether to record tau, theta and v0 statistics (default true). */
        public Builder parameterStats(boolean on) {
            this.parameterStats = on;
            return this;
        }

        /** Which layer configurations are spiking (default {@link SpikingLayers#isSpiking}). */
        public Builder spikingLayers(Predicate<Layer> predicate) {
            this.isSpiking = Objects.requireNonNull(predicate, "SpikeMonitor.spikingLayers: predicate is null");
            return this;
        }

        /** Adds a destination for the records. */
        public Builder sink(MonitorSink sink) {
            sinks.add(Objects.requireNonNull(sink, "SpikeMonitor.sink: sink is null"));
            return this;
        }

        /**
         * Writes {@value FileMonitorSink#CSV_FILE} and {@value FileMonitorSink#JSONL_FILE} into {@code folder}
         * (created if missing; existing files are replaced).
         */
        public Builder runFolder(Path folder) {
            return runFolder(folder, false);
        }

        /**
         * Writes {@value FileMonitorSink#CSV_FILE} and {@value FileMonitorSink#JSONL_FILE} into {@code folder}.
         *
         * @param append keep the rows already there (a resumed run) instead of replacing the files
         */
        public Builder runFolder(Path folder, boolean append) {
            Objects.requireNonNull(folder, "SpikeMonitor.runFolder: folder is null");
            sinks.add(FileMonitorSink.csv(folder.resolve(FileMonitorSink.CSV_FILE), append));
            sinks.add(FileMonitorSink.jsonLines(folder.resolve(FileMonitorSink.JSONL_FILE), append));
            return this;
        }

        /** The monitor. */
        public SpikeMonitor build() {
            return new SpikeMonitor(this);
        }
    }
}
