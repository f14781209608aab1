package org.dl4j.snn.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * The monitor's plain-data formats: one CSV row and one JSON object per {@link MonitorRecord}.
 * CSV columns are {@link #CSV_COLUMNS} (fixed; parameter columns are empty where the layer does not learn that
 * parameter); a JSON line has the same snake_case keys with the layer under {@code "layer"} ({@code index, name,
 * type}) and the parameters under {@code "params"} ({@code {"tau": {"count", "min", "mean", "max", "q05", ...}}}).
 * Non-finite numbers are written as an empty CSV field and as JSON {@code null}, and read back as NaN.
 */
public final class MonitorRecordFormat {
    /** The parameters that get CSV columns, in column order. */
    public static final List<String> PARAMS = List.of(ParamStats.TAU, ParamStats.THETA, ParamStats.V0);
    /** The statistics of each parameter, in column order ({@code tau_count, tau_min, ...}). */
    public static final List<String> PARAM_FIELDS = List.of("count", "min", "mean", "max", "q05", "q25", "q50",
            "q75", "q95");
    /** All CSV columns in order. */
    public static final List<String> CSV_COLUMNS = csvColumns();

    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitorRecordFormat() {
    }

    private static List<String> csvColumns() {
        List<String> c = new ArrayList<>(List.of("kind", "epoch", "iteration", "batches", "layer_index",
                "layer_name", "layer_type", "neurons", "samples", "sample_steps", "spikes", "mean_rate",
                "dead_fraction", "saturated_fraction", "dead", "saturated", "timestamp_ms"));
        for (String p : PARAMS) {
            for (String f : PARAM_FIELDS) {
                c.add(p + "_" + f);
            }
        }
        return List.copyOf(c);
    }

    /** The CSV header line (no line terminator). */
    public static String csvHeader() {
        return String.join(",", CSV_COLUMNS);
    }

    /** One CSV line for {@code r} (no line terminator); text fields are quoted when they hold , " or a newline. */
    public static String toCsv(MonitorRecord r) {
        SpikeSummary s = r.spikes();
        List<String> f = new ArrayList<>(CSV_COLUMNS.size());
        f.add(r.kind().label());
        f.add(Integer.toString(r.epoch()));
        f.add(Integer.toString(r.iteration()));
        f.add(Integer.toString(r.batches()));
        f.add(Integer.toString(r.layer().index()));
        f.add(csvText(r.layer().name()));
        f.add(csvText(r.layer().type()));
        f.add(Long.toString(s.neurons()));
        f.add(Long.toString(s.samples()));
        f.add(Long.toString(s.sampleSteps()));
        f.add(number(s.spikes()));
        f.add(number(s.meanRate()));
        f.add(number(s.deadFraction()));
        f.add(number(s.saturatedFraction()));
        f.add(Long.toString(s.dead()));
        f.add(Long.toString(s.saturated()));
        f.add(Long.toString(r.timestampMs()));
        for (String p : PARAMS) {
            ParamStats ps = r.params().get(p);
            double[] v = paramValues(ps);
            for (int k = 0; k < v.length; k++) {
                f.add(ps == null ? "" : k == 0 ? Long.toString(ps.count()) : number(v[k]));
            }
        }
        return String.join(",", f);
    }

    /** One JSON object for {@code r}, on one line. */
    public static String toJson(MonitorRecord r) {
        return toJsonNode(r).toString();
    }

    /** {@code r} as a JSON tree (see the class comment for the keys). */
    public static ObjectNode toJsonNode(MonitorRecord r) {
        SpikeSummary s = r.spikes();
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", r.kind().label());
        o.put("epoch", r.epoch());
        o.put("iteration", r.iteration());
        o.put("batches", r.batches());
        ObjectNode layer = o.putObject("layer");
        layer.put("index", r.layer().index());
        layer.put("name", r.layer().name());
        layer.put("type", r.layer().type());
        o.put("neurons", s.neurons());
        o.put("samples", s.samples());
        o.put("sample_steps", s.sampleSteps());
        putNumber(o, "spikes", s.spikes());
        putNumber(o, "mean_rate", s.meanRate());
        putNumber(o, "dead_fraction", s.deadFraction());
        putNumber(o, "saturated_fraction", s.saturatedFraction());
        o.put("dead", s.dead());
        o.put("saturated", s.saturated());
        o.put("timestamp_ms", r.timestampMs());
        ObjectNode params = o.putObject("params");
        for (ParamStats ps : r.params().values()) {
            ObjectNode p = params.putObject(ps.name());
            double[] v = paramValues(ps);
            for (int k = 0; k < PARAM_FIELDS.size(); k++) {
                if (k == 0) {
                    p.put(PARAM_FIELDS.get(k), ps.count());
                } else {
                    putNumber(p, PARAM_FIELDS.get(k), v[k]);
                }
            }
        }
        return o;
    }

    /**
     * Parses a line written by {@link #toJson}.
     *
     * @throws IllegalArgumentException naming the missing key or the bad text
     */
    public static MonitorRecord fromJson(String line) {
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("MonitorRecordFormat: not a JSON object: " + abbreviate(line), e);
        }
        return fromJsonNode(o);
    }

    /** Parses a tree made by {@link #toJsonNode}. */
    public static MonitorRecord fromJsonNode(JsonNode o) {
        JsonNode layer = required(o, "layer");
        MonitoredLayer id = new MonitoredLayer(required(layer, "index").asInt(), required(layer, "name").asText(),
                required(layer, "type").asText());
        SpikeSummary s = new SpikeSummary(required(o, "neurons").asLong(), required(o, "samples").asLong(),
                required(o, "sample_steps").asLong(), readNumber(o, "spikes"), readNumber(o, "mean_rate"),
                required(o, "dead").asLong(), required(o, "saturated").asLong());
        Map<String, ParamStats> params = new LinkedHashMap<>();
        JsonNode p = o.get("params");
        if (p != null) {
            Iterator<Map.Entry<String, JsonNode>> it = p.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                params.put(e.getKey(), new ParamStats(e.getKey(), required(v, "count").asLong(),
                        readNumber(v, "min"), readNumber(v, "mean"), readNumber(v, "max"), readNumber(v, "q05"),
                        readNumber(v, "q25"), readNumber(v, "q50"), readNumber(v, "q75"), readNumber(v, "q95")));
            }
        }
        return new MonitorRecord(MonitorRecord.Kind.ofLabel(required(o, "kind").asText()),
                required(o, "epoch").asInt(), required(o, "iteration").asInt(), required(o, "batches").asInt(),
                id, s, params, required(o, "timestamp_ms").asLong());
    }

    /** The shared mapper (shaded Jackson, as DL4J uses). */
    public static ObjectMapper mapper() {
        return JSON;
    }

    private static double[] paramValues(ParamStats ps) {
        if (ps == null) {
            return new double[PARAM_FIELDS.size()];
        }
        return new double[] {ps.count(), ps.min(), ps.mean(), ps.max(), ps.q05(), ps.q25(), ps.q50(), ps.q75(),
                ps.q95()};
    }

    private static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static double readNumber(JsonNode o, String key) {
        JsonNode v = required(o, key);
        return v.isNull() ? Double.NaN : v.asDouble();
    }

    private static JsonNode required(JsonNode o, String key) {
        JsonNode v = o == null ? null : o.get(key);
        if (v == null) {
            throw new IllegalArgumentException("MonitorRecordFormat: missing key '" + key + "' in "
                    + abbreviate(String.valueOf(o)));
        }
        return v;
    }

    private static String csvText(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** Wraps a checked I/O failure of a sink, naming the file. */
    static UncheckedIOException ioFailure(String what, IOException e) {
        return new UncheckedIOException("SpikeMonitor: " + what + ": " + e.getMessage(), e);
    }
}
