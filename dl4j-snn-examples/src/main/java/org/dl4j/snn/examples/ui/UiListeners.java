package org.dl4j.snn.examples.ui;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.dl4j.snn.monitor.SpikeMonitor;
import org.dl4j.snn.monitor.storage.StatsStorageSink;

/**
 * The two training listeners that feed the UI, posting to one StatsStorage under one session id: DL4J's
 * {@link StatsListener} (score, updates, activations: the {@code /train} pages) and a {@link SpikeMonitor} whose
 * records go to the storage through a {@link StatsStorageSink} (the SNN view).
 * Both report every {@code everyIterations} iterations; the monitor also reports each epoch.
 *
 * <pre>{@code
 * try (UiListeners l = UiListeners.create(storage, 10)) {
 *     l.attachTo(net);
 *     net.fit(train, epochs);
 * }   // close() reports the monitor's unfinished interval
 * }</pre>
 */
public final class UiListeners implements AutoCloseable {
    /** The worker id of both listeners' entries (one JVM trains). */
    public static final String WORKER_ID = "0";

    private final String sessionId;
    private final StatsListener statsListener;
    private final SpikeMonitor monitor;

    private UiListeners(String sessionId, StatsListener statsListener, SpikeMonitor monitor) {
        this.sessionId = sessionId;
        this.statsListener = statsListener;
        this.monitor = monitor;
    }

    /**
     * Listeners posting to {@code storage} every {@code everyIterations} iterations under a new session id, with a
     * spike monitor of default settings.
     *
     * @throws IllegalArgumentException if {@code everyIterations < 1}
     */
    public static UiListeners create(StatsStorageRouter storage, int everyIterations) {
        return create(storage, everyIterations, SpikeMonitor.builder());
    }

    /**
     * As {@link #create(StatsStorageRouter, int)}, with the spike monitor built from {@code monitor} (e.g. one that
     * also writes the run folder's CSV): the storage sink and the reporting frequency are set on it here.
     *
     * @throws IllegalArgumentException if {@code everyIterations < 1}
     */
    public static UiListeners create(StatsStorageRouter storage, int everyIterations, SpikeMonitor.Builder monitor) {
        Objects.requireNonNull(storage, "UiListeners: storage is null");
        Objects.requireNonNull(monitor, "UiListeners: monitor builder is null");
        if (everyIterations < 1) {
            throw new IllegalArgumentException("UiListeners: everyIterations must be >= 1, got " + everyIterations);
        }
        String session = UUID.randomUUID().toString();
        StatsListener stats = new StatsListener(storage, everyIterations, session);
        SpikeMonitor m = monitor.everyIterations(everyIterations)
                .sink(new StatsStorageSink(storage, session, WORKER_ID)).build();
        return new UiListeners(session, stats, m);
    }

    /** Adds both listeners to {@code model}'s listeners. */
    public void attachTo(Model model) {
        model.addListeners(listeners().toArray(new TrainingListener[0]));
    }

    /** The session id both listeners post under. */
    public String sessionId() {
        return sessionId;
    }

    /** DL4J's stats listener. */
    public StatsListener statsListener() {
        return statsListener;
    }

    /** The spike monitor. */
    public SpikeMonitor monitor() {
        return monitor;
    }

    /** Both listeners: the stats listener, then the spike monitor. */
    public List<TrainingListener> listeners() {
        return List.of(statsListener, monitor);
    }

    /** Closes the spike monitor, which reports its unfinished intervals to the storage. */
    @Override
    public void close() {
        monitor.close();
    }
}
