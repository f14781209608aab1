package org.dl4j.snn.monitor.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.dl4j.snn.monitor.MonitorRecord;
import org.dl4j.snn.monitor.MonitorRecordFormat;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * The spike monitor's records of one reporting point as a DL4J StatsStorage entry, type id {@value #TYPE_ID}.
 * Encoded as UTF-8 JSON {@code {"session_id", "type_id", "worker_id", "timestamp_ms", "records": [...]}}, each
 * record in {@link MonitorRecordFormat}'s JSON form; as static info the records are the first reporting point's
 * (they name the monitored layers).
 */
public final class SpikeMonitorReport extends JsonPersistable {
    private static final long serialVersionUID = 1L;

    /** The StatsStorage type id of the monitor's entries. */
    public static final String TYPE_ID = "SpikeMonitor";

    private List<MonitorRecord> records = List.of();

    /** An empty report, for StatsStorage decoding ({@link #decode}). */
    public SpikeMonitorReport() {
        this.typeId = TYPE_ID;
    }

    /** A report of {@code records} made at {@code timestampMs}. */
    public SpikeMonitorReport(String sessionId, String workerId, long timestampMs, List<MonitorRecord> records) {
        this.sessionId = sessionId;
        this.typeId = TYPE_ID;
        this.workerId = workerId;
        this.timestampMs = timestampMs;
        this.records = List.copyOf(records);
    }

    /** The records of this reporting point. */
    public List<MonitorRecord> records() {
        return records;
    }

    /**
     * All monitor records of a session and worker in a StatsStorage (e.g. a {@code FileStatsStorage} of a finished
     * run), in time order.
     */
    public static List<MonitorRecord> readAll(StatsStorage storage, String sessionId, String workerId) {
        List<MonitorRecord> out = new ArrayList<>();
        for (Persistable p : storage.getAllUpdatesAfter(sessionId, TYPE_ID, workerId, Long.MIN_VALUE)) {
            if (p instanceof SpikeMonitorReport r) {
                out.addAll(r.records());
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    protected void write(ObjectNode o) {
        ArrayNode a = o.putArray("records");
        for (MonitorRecord r : records) {
            a.add(MonitorRecordFormat.toJsonNode(r));
        }
    }

    @Override
    protected void read(JsonNode o) {
        List<MonitorRecord> out = new ArrayList<>();
        for (JsonNode r : o.path("records")) {
            out.add(MonitorRecordFormat.fromJsonNode(r));
        }
        records = List.copyOf(out);
    }
}
