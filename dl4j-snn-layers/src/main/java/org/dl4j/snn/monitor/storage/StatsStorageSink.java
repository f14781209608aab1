package org.dl4j.snn.monitor.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.dl4j.snn.monitor.MonitorRecord;
import org.dl4j.snn.monitor.MonitorSink;

/**
 * A {@link MonitorSink} that posts the spike monitor's records to a DL4J {@link StatsStorageRouter} (the
 * {@code InMemoryStatsStorage} / {@code FileStatsStorage} the DL4J UI reads, or a {@code RemoteUIStatsStorageRouter}).
 * Each reporting point becomes one {@link SpikeMonitorReport} update of type {@value SpikeMonitorReport#TYPE_ID};
 * the first one is also posted as static info, after a {@link SpikeMonitorMetaData}.
 *
 * <p>DL4J's storages key updates by (session, type, worker, timestamp), so the sink gives every report a timestamp
 * strictly after the previous one (reports made within the same millisecond would otherwise replace each other).
 * Use the session id of a {@code StatsListener} attached to the same model to keep both under one session.
 */
public final class StatsStorageSink implements MonitorSink {
    private final StatsStorageRouter router;
    private final String sessionId;
    private final String workerId;
    private final List<MonitorRecord> pending = new ArrayList<>();
    private long lastTimestamp = Long.MIN_VALUE;
    private boolean started;

    /**
     * A sink posting to {@code router} under the given session and worker ids.
     *
     * @throws NullPointerException if an argument is null
     */
    public StatsStorageSink(StatsStorageRouter router, String sessionId, String workerId) {
        this.router = Objects.requireNonNull(router, "StatsStorageSink: router is null");
        this.sessionId = Objects.requireNonNull(sessionId, "StatsStorageSink: sessionId is null");
        this.workerId = Objects.requireNonNull(workerId, "StatsStorageSink: workerId is null");
    }

    /** A sink posting to {@code router} under a new random session id and worker id "0". */
    public StatsStorageSink(StatsStorageRouter router) {
        this(router, UUID.randomUUID().toString(), "0");
    }

    /** The session id the reports are posted under. */
    public String sessionId() {
        return sessionId;
    }

    /** The worker id the reports are posted under. */
    public String workerId() {
        return workerId;
    }

    @Override
    public void accept(MonitorRecord record) {
        pending.add(record);
    }

    @Override
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        long t = Math.max(System.currentTimeMillis(), lastTimestamp + 1);
        lastTimestamp = t;
        SpikeMonitorReport report = new SpikeMonitorReport(sessionId, workerId, t, pending);
        pending.clear();
        if (!started) {
            router.putStorageMetaData(new SpikeMonitorMetaData(sessionId, workerId, t));
            router.putStaticInfo(report);
            started = true;
        }
        router.putUpdate(report);
    }

    @Override
    public void close() {
        flush();
    }
}
