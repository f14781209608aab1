package org.dl4j.snn.examples.ui;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.dl4j.snn.monitor.MonitorRecord;
import org.dl4j.snn.monitor.MonitorRecordFormat;
import org.dl4j.snn.monitor.MonitoredLayer;
import org.dl4j.snn.monitor.storage.SpikeMonitorReport;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * The SNN view's data: the spike monitor's records of one training session, read from the StatsStorages attached
 * to the UI, as one JSON object.
 * Format: {@code {"session": id or null, "sessions": [ids with monitor data, newest first], "worker": id or null,
 * "layers": [{"index", "name", "type"}], "records": [MonitorRecordFormat JSON objects in time order],
 * "warnings": [{"epoch", "index", "name", "problem": "dead" | "saturated", "message"}] (the epochs in which a layer
 * was fully dead or fully saturated, with SpikeSummary's warning)}}.
 */
final class SnnUiData {

    /** A session with spike-monitor data in one storage, and when it was last updated. */
    record Session(StatsStorage storage, String id, long lastUpdateMs) {}

    private SnnUiData() {
    }

    /** Sessions of {@code storages} that hold {@link SpikeMonitorReport}s, most recently updated first. */
    static List<Session> sessions(Collection<StatsStorage> storages) {
        List<Session> out = new ArrayList<>();
        for (StatsStorage s : storages) {
            if (s.isClosed()) {
                continue;
            }
            for (String id : s.listSessionIDs()) {
                long last = Long.MIN_VALUE;
                for (String worker : s.listWorkerIDsForSessionAndType(id, SpikeMonitorReport.TYPE_ID)) {
                    Persistable p = s.getLatestUpdate(id, SpikeMonitorReport.TYPE_ID, worker);
                    if (p != null) {
                        last = Math.max(last, p.getTimeStamp());
                    }
                }
                if (last != Long.MIN_VALUE) {
                    out.add(new Session(s, id, last));
                }
            }
        }
        out.sort(Comparator.comparingLong(Session::lastUpdateMs).reversed());
        return out;
    }

    /**
     * The JSON of session {@code sessionId}, or of the most recently updated session if it is null.
     *
     * @return null if a session was asked for and no storage has monitor data for it
     */
    static ObjectNode json(Collection<StatsStorage> storages, String sessionId) {
        List<Session> sessions = sessions(storages);
        Session chosen = null;
        for (Session s : sessions) {
            if (sessionId == null || s.id().equals(sessionId)) {
                chosen = s;
                break;
            }
        }
        if (sessionId != null && chosen == null) {
            return null;
        }
        ObjectNode o = MonitorRecordFormat.mapper().createObjectNode();
        ArrayNode ids = o.putArray("sessions");
        sessions.stream().map(Session::id).distinct().forEach(ids::add);
        ArrayNode layers = o.putArray("layers");
        ArrayNode records = o.putArray("records");
        ArrayNode warnings = o.putArray("warnings");
        if (chosen == null) {
            o.putNull("session");
            o.putNull("worker");
            return o;
        }
        o.put("session", chosen.id());
        // One series per worker would mix intervals of different workers; a single-JVM training has one worker.
        List<String> workers = chosen.storage().listWorkerIDsForSessionAndType(chosen.id(),
                SpikeMonitorReport.TYPE_ID);
        String worker = workers.stream().sorted().findFirst().orElse(null);
        o.put("worker", worker);
        List<MonitorRecord> rs = SpikeMonitorReport.readAll(chosen.storage(), chosen.id(), worker);
        Map<String, MonitoredLayer> seen = new LinkedHashMap<>();
        for (MonitorRecord r : rs) {
            seen.putIfAbsent(r.layer().index() + "/" + r.layer().name(), r.layer());
            records.add(MonitorRecordFormat.toJsonNode(r));
            if (r.kind() == MonitorRecord.Kind.EPOCH) {
                r.spikes().warning(r.layer().describe()).ifPresent(text -> {
                    ObjectNode w = warnings.addObject();
                    w.put("epoch", r.epoch());
                    w.put("index", r.layer().index());
                    w.put("name", r.layer().name());
                    w.put("problem", r.spikes().fullyDead() ? "dead" : "saturated");
                    w.put("message", text);
                });
            }
        }
        seen.values().stream().sorted(Comparator.comparingInt(MonitoredLayer::index)).forEach(l -> {
            ObjectNode n = layers.addObject();
            n.put("index", l.index());
            n.put("name", l.name());
            n.put("type", l.type());
        });
        return o;
    }
}
