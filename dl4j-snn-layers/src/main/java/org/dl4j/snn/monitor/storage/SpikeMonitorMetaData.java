package org.dl4j.snn.monitor.storage;

import java.io.Serializable;
import org.deeplearning4j.core.storage.StorageMetaData;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * StatsStorage metadata of a spike-monitor session: tells readers that static info and updates of type
 * {@value SpikeMonitorReport#TYPE_ID} are {@link SpikeMonitorReport}s.
 * Encoded as UTF-8 JSON {@code {"session_id", "type_id", "worker_id", "timestamp_ms", "init_type_class",
 * "update_type_class"}}.
 */
public final class SpikeMonitorMetaData extends JsonPersistable implements StorageMetaData {
    private static final long serialVersionUID = 1L;

    private String initTypeClass = SpikeMonitorReport.class.getName();
    private String updateTypeClass = SpikeMonitorReport.class.getName();

    /** Empty metadata, for StatsStorage decoding. */
    public SpikeMonitorMetaData() {
        this.typeId = SpikeMonitorReport.TYPE_ID;
    }

    /** The metadata of a session. */
    public SpikeMonitorMetaData(String sessionId, String workerId, long timestampMs) {
        this();
        this.sessionId = sessionId;
        this.workerId = workerId;
        this.timestampMs = timestampMs;
    }

    @Override
    public String getInitTypeClass() {
        return initTypeClass;
    }

    @Override
    public String getUpdateTypeClass() {
        return updateTypeClass;
    }

    @Override
    public Serializable getExtraMetaData() {
        return null;
    }

    @Override
    protected void write(ObjectNode o) {
        o.put("init_type_class", initTypeClass);
        o.put("update_type_class", updateTypeClass);
    }

    @Override
    protected void read(JsonNode o) {
        initTypeClass = o.path("init_type_class").asText(initTypeClass);
        updateTypeClass = o.path("update_type_class").asText(updateTypeClass);
    }
}
