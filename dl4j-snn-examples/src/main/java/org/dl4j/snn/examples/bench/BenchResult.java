package org.dl4j.snn.examples.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * One benchmark measurement, printed as one JSON line: the format shared by {@code dl4j-snn bench} and
 * {@code bench/spikingjelly_reference.py}.
 * {@code samples_per_s = batch / median(step seconds)}; {@code peak_rss_mib} is the measuring process's peak
 * resident set (VmHWM); {@code extra} holds optional fields (firing rates, JVM options, versions) in insertion order.
 *
 * @param net          network name ({@code mlp}, {@code conv}, {@code pipeline})
 * @param impl         implementation ({@code dl4j-snn} or {@code torch-sj-reimpl})
 * @param engine       engine ({@code fused}, {@code samediff}, {@code torch}, {@code datavec})
 * @param samplesPerS  samples per second at the median step time
 * @param stepMsMedian median step time in ms
 * @param stepMsMin    fastest step in ms
 * @param peakRssMib   peak resident set of the process in MiB
 * @param threads      thread count the run was configured with
 * @param extra        further fields, may be empty
 */
public record BenchResult(String net, String impl, String engine, double samplesPerS, double stepMsMedian,
                          double stepMsMin, double peakRssMib, int threads, Map<String, Object> extra) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public BenchResult {
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The JSON line: the fixed fields first (the reference script prints the same), then {@link #extra}. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("net", net);
        m.put("impl", impl);
        m.put("engine", engine);
        m.put("samples_per_s", round(samplesPerS, 2));
        m.put("step_ms_median", round(stepMsMedian, 3));
        m.put("step_ms_min", round(stepMsMin, 3));
        m.put("peak_rss_mib", round(peakRssMib, 1));
        m.put("threads", threads);
        m.putAll(extra);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("BenchResult: cannot write " + m, e);
        }
    }

    /**
     * Parses a line printed by {@link #toJson()} or by the reference script.
     *
     * @throws IllegalArgumentException naming the line when it is not such a JSON object
     */
    @SuppressWarnings("unchecked")
    public static BenchResult parse(String line) {
        Map<String, Object> m;
        try {
            m = JSON.readValue(line, LinkedHashMap.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a benchmark JSON line: " + line, e);
        }
        for (String k : new String[] {"net", "samples_per_s", "step_ms_median", "step_ms_min", "peak_rss_mib",
                "threads"}) {
            if (!m.containsKey(k)) {
                throw new IllegalArgumentException("benchmark JSON line lacks \"" + k + "\": " + line);
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>(m);
        for (String k : new String[] {"net", "impl", "engine", "samples_per_s", "step_ms_median", "step_ms_min",
                "peak_rss_mib", "threads"}) {
            extra.remove(k);
        }
        return new BenchResult(String.valueOf(m.get("net")), String.valueOf(m.getOrDefault("impl", "?")),
                String.valueOf(m.getOrDefault("engine", "?")), number(m, "samples_per_s"),
                number(m, "step_ms_median"), number(m, "step_ms_min"), number(m, "peak_rss_mib"),
                (int) number(m, "threads"), extra);
    }

    private static double number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("benchmark JSON field \"" + key + "\" is not a number: " + v);
        }
        return n.doubleValue();
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
