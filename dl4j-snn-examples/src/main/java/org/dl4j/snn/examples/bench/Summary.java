package org.dl4j.snn.examples.bench;

import org.dl4j.snn.layers.Engine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The ratios of one bench run against the project's targets (docs/performance.md): per network, speedup = our
 * samples/s / the reference's samples/s of the SAME round (then the median over rounds), RSS ratio = our peak RSS /
 * the reference's; for the data pipeline, its samples/s / the conv net's training samples/s (what N-MNIST training
 * consumes).
 * Targets: mlp speedup >= 3, conv speedup >= 2 (realistic regime; the sparse rows have none), RSS ratio <= 1,
 * pipeline ratio >= 5; with SameDiff-engine runs, slowdown = fused samples/s / SameDiff samples/s of the same round
 * (median over rounds) <= 10. Firing rates: every hidden spiking layer of a realistic-regime net in
 * [{@value #RATE_MIN}, {@value #RATE_MAX}], their mean at least {@value #RATE_MEAN_MIN} ({@code rates_realistic}).
 * nmnist-real (one round per seed): epoch-time ratio = our epoch_s / the reference's of the same seed and epoch
 * (median) <= 0.5, and the mean over seeds of the final test accuracy of both sides. CPU-time ratios
 * ({@code cpu_speedup}, {@code epoch_cpu_ratio}: process CPU time per step or epoch, all threads) are reported beside
 * the wall-clock ones: on a loaded machine they depend much less on the neighbours.
 */
public final class Summary {
    /** Speedup targets against the SpikingJelly reference, per network. */
    static final Map<String, Double> SPEEDUP_TARGET = Map.of("mlp", 3.0, "conv", 2.0);
    static final double RATE_MIN = 0.02;
    static final double RATE_MAX = 0.30;
    static final double RATE_MEAN_MIN = 0.04;
    /** nmnist-real: our epoch time may be at most this fraction of the reference's. */
    static final double EPOCH_TIME_RATIO_TARGET = 0.5;
    static final double PIPELINE_TARGET = 5.0;
    /** The SameDiff engine may be at most this many times slower than the fused engine. */
    static final double SAMEDIFF_SLOWDOWN_TARGET = 10.0;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;
    private final int threads;
    private final Map<String, List<BenchResult>> ours = new LinkedHashMap<>();
    private final Map<String, List<BenchResult>> theirs = new LinkedHashMap<>();
    private final Map<String, List<BenchResult>> sameDiff = new LinkedHashMap<>();
    private final List<BenchResult> all = new ArrayList<>();
    private BenchResult pipeline;
    private final List<List<BenchResult>> realOurs = new ArrayList<>();
    private final List<List<BenchResult>> realTheirs = new ArrayList<>();

    public Summary(Engine engine, int threads) {
        this.engine = engine;
        this.threads = threads;
    }

    /** One round of one network: our result and the reference's (null when the reference did not run). */
    public void add(BenchResult mine, BenchResult reference) {
        ours.computeIfAbsent(mine.net(), k -> new ArrayList<>()).add(mine);
        all.add(mine);
        if (reference != null) {
            theirs.computeIfAbsent(mine.net(), k -> new ArrayList<>()).add(reference);
            all.add(reference);
        }
    }

    /** One round's SameDiff-engine run of a network (compared with the same round's {@link #add} result). */
    public void addSameDiff(BenchResult r) {
        sameDiff.computeIfAbsent(r.net(), k -> new ArrayList<>()).add(r);
        all.add(r);
    }

    /** One seed of nmnist-real: our epochs and the reference's (null when the reference did not run). */
    public void addRealData(List<BenchResult> mine, List<BenchResult> reference) {
        realOurs.add(List.copyOf(mine));
        all.addAll(mine);
        if (reference != null) {
            realTheirs.add(List.copyOf(reference));
            all.addAll(reference);
        }
    }

    public void addPipeline(BenchResult r) {
        pipeline = r;
        all.add(r);
    }

    /** Every measurement, in the order it was taken. */
    public List<BenchResult> results() {
        return List.copyOf(all);
    }

    public Engine engine() {
        return engine;
    }

    public int threads() {
        return threads;
    }

    /** One summary object per network measured, then one for the pipeline (if measured). */
    public List<Map<String, Object>> lines() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, List<BenchResult>> e : ours.entrySet()) {
            String net = e.getKey();
            List<BenchResult> mine = e.getValue();
            List<BenchResult> ref = theirs.getOrDefault(net, List.of());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("summary", net);
            m.put("engine", BenchNet.id(engine));
            m.put("threads", threads);
            m.put("rounds", mine.size());
            m.put("samples_per_s", BenchResult.round(median(mine, BenchResult::samplesPerS), 2));
            m.put("peak_rss_mib", BenchResult.round(median(mine, BenchResult::peakRssMib), 1));
            Object rates = mine.get(mine.size() - 1).extra().get("firing_rates");
            if (rates != null) {
                m.put("firing_rates", rates);
                if (!net.contains("-")) m.put("rates_realistic", realistic(rates));
            }
            if (!ref.isEmpty() && ref.get(ref.size() - 1).extra().get("firing_rates") != null) {
                Object theirRates = ref.get(ref.size() - 1).extra().get("firing_rates");
                m.put("reference_firing_rates", theirRates);
                if (!net.contains("-")) m.put("reference_rates_realistic", realistic(theirRates));
            }
            if (ref.size() == mine.size()) {
                double[] speedup = new double[mine.size()];
                double[] rss = new double[mine.size()];
                for (int i = 0; i < speedup.length; i++) {
                    speedup[i] = mine.get(i).samplesPerS() / ref.get(i).samplesPerS();
                    rss[i] = mine.get(i).peakRssMib() / ref.get(i).peakRssMib();
                }
                m.put("reference_samples_per_s", BenchResult.round(median(ref, BenchResult::samplesPerS), 2));
                m.put("reference_peak_rss_mib", BenchResult.round(median(ref, BenchResult::peakRssMib), 1));
                double s = median(speedup);
                double r = median(rss);
                m.put("speedup", BenchResult.round(s, 3));
                m.put("speedup_min", BenchResult.round(Arrays.stream(speedup).min().orElse(Double.NaN), 3));
                m.put("speedup_max", BenchResult.round(Arrays.stream(speedup).max().orElse(Double.NaN), 3));
                m.put("rss_ratio", BenchResult.round(r, 3));
                double[] cpu = new double[mine.size()];
                for (int i = 0; i < cpu.length; i++) {
                    cpu[i] = extraNumber(ref.get(i), "cpu_ms_per_step") / extraNumber(mine.get(i), "cpu_ms_per_step");
                }
                double c = median(cpu);
                if (Double.isFinite(c)) m.put("cpu_speedup", BenchResult.round(c, 3));
                Double target = SPEEDUP_TARGET.get(net);
                if (target != null) {
                    m.put("speedup_target", target);
                    m.put("meets_speedup", s >= target);
                }
                m.put("meets_rss", r <= 1.0);
            }
            out.add(m);
        }
        for (Map.Entry<String, List<BenchResult>> e : sameDiff.entrySet()) {
            List<BenchResult> fused = ours.getOrDefault(e.getKey(), List.of());
            List<BenchResult> sd = e.getValue();
            if (fused.size() != sd.size()) continue;
            double[] slowdown = new double[sd.size()];
            for (int i = 0; i < slowdown.length; i++) {
                slowdown[i] = fused.get(i).samplesPerS() / sd.get(i).samplesPerS();
            }
            double s = median(slowdown);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("summary", e.getKey() + " samediff");
            m.put("rounds", sd.size());
            m.put("samediff_samples_per_s", BenchResult.round(median(sd, BenchResult::samplesPerS), 2));
            m.put("fused_samples_per_s", BenchResult.round(median(fused, BenchResult::samplesPerS), 2));
            m.put("slowdown", BenchResult.round(s, 2));
            m.put("slowdown_min", BenchResult.round(Arrays.stream(slowdown).min().orElse(Double.NaN), 2));
            m.put("slowdown_max", BenchResult.round(Arrays.stream(slowdown).max().orElse(Double.NaN), 2));
            m.put("slowdown_target", SAMEDIFF_SLOWDOWN_TARGET);
            m.put("meets_slowdown", s <= SAMEDIFF_SLOWDOWN_TARGET);
            out.add(m);
        }
        if (!realOurs.isEmpty()) out.add(realDataLine());
        if (pipeline != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("summary", "pipeline");
            m.put("samples_per_s", BenchResult.round(pipeline.samplesPerS(), 1));
            List<BenchResult> conv = ours.get(BenchNet.CONV.id());
            if (conv != null) {
                double training = median(conv, BenchResult::samplesPerS);
                double ratio = pipeline.samplesPerS() / training;
                m.put("conv_training_samples_per_s", BenchResult.round(training, 2));
                m.put("ratio", BenchResult.round(ratio, 2));
                m.put("ratio_target", PIPELINE_TARGET);
                m.put("meets_ratio", ratio >= PIPELINE_TARGET);
            }
            out.add(m);
        }
        return out;
    }

    /** Whether {@code rates} (a list of numbers) are all in [RATE_MIN, RATE_MAX] with mean >= RATE_MEAN_MIN. */
    static boolean realistic(Object rates) {
        if (!(rates instanceof List<?> l) || l.isEmpty()) return false;
        double sum = 0;
        for (Object o : l) {
            if (!(o instanceof Number n)) return false;
            double r = n.doubleValue();
            if (r < RATE_MIN || r > RATE_MAX) return false;
            sum += r;
        }
        return sum / l.size() >= RATE_MEAN_MIN;
    }

    /** The nmnist-real summary: epoch times, their ratio, final test accuracies (mean over seeds). */
    private Map<String, Object> realDataLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", RealDataBench.NET);
        m.put("seeds", realOurs.size());
        m.put("epochs", realOurs.get(0).size());
        m.put("epoch_s", BenchResult.round(median(flat(realOurs, "epoch_s")), 3));
        m.put("samples_per_s", BenchResult.round(median(realOurs.stream().flatMap(List::stream)
                .mapToDouble(BenchResult::samplesPerS).toArray()), 2));
        m.put("test_acc_final_mean", BenchResult.round(finalAccuracy(realOurs), 4));
        m.put("peak_rss_mib", BenchResult.round(realOurs.stream().flatMap(List::stream)
                .mapToDouble(BenchResult::peakRssMib).max().orElse(Double.NaN), 1));
        if (realTheirs.size() == realOurs.size()) {
            List<Double> ratios = new ArrayList<>();
            for (int k = 0; k < realOurs.size(); k++) {
                List<BenchResult> a = realOurs.get(k);
                List<BenchResult> b = realTheirs.get(k);
                for (int e = 0; e < Math.min(a.size(), b.size()); e++) {
                    ratios.add(number(a.get(e), "epoch_s") / number(b.get(e), "epoch_s"));
                }
            }
            double[] r = ratios.stream().mapToDouble(Double::doubleValue).toArray();
            double ratio = median(r);
            m.put("reference_epoch_s", BenchResult.round(median(flat(realTheirs, "epoch_s")), 3));
            m.put("reference_samples_per_s", BenchResult.round(median(realTheirs.stream().flatMap(List::stream)
                    .mapToDouble(BenchResult::samplesPerS).toArray()), 2));
            m.put("reference_test_acc_final_mean", BenchResult.round(finalAccuracy(realTheirs), 4));
            m.put("reference_peak_rss_mib", BenchResult.round(realTheirs.stream().flatMap(List::stream)
                    .mapToDouble(BenchResult::peakRssMib).max().orElse(Double.NaN), 1));
            m.put("epoch_time_ratio", BenchResult.round(ratio, 3));
            m.put("epoch_time_ratio_min", BenchResult.round(Arrays.stream(r).min().orElse(Double.NaN), 3));
            m.put("epoch_time_ratio_max", BenchResult.round(Arrays.stream(r).max().orElse(Double.NaN), 3));
            m.put("epoch_time_ratio_target", EPOCH_TIME_RATIO_TARGET);
            m.put("meets_epoch_time", ratio <= EPOCH_TIME_RATIO_TARGET);
            List<Double> cpu = new ArrayList<>();
            for (int k = 0; k < realOurs.size(); k++) {
                List<BenchResult> a = realOurs.get(k);
                List<BenchResult> b = realTheirs.get(k);
                for (int e = 0; e < Math.min(a.size(), b.size()); e++) {
                    cpu.add(extraNumber(a.get(e), "cpu_s") / extraNumber(b.get(e), "cpu_s"));
                }
            }
            double cpuRatio = median(cpu.stream().mapToDouble(Double::doubleValue).toArray());
            if (Double.isFinite(cpuRatio)) m.put("epoch_cpu_ratio", BenchResult.round(cpuRatio, 3));
            m.put("meets_accuracy", finalAccuracy(realOurs) >= finalAccuracy(realTheirs));
        }
        return m;
    }

    private static double[] flat(List<List<BenchResult>> runs, String key) {
        return runs.stream().flatMap(List::stream).mapToDouble(r -> number(r, key)).toArray();
    }

    private static double finalAccuracy(List<List<BenchResult>> runs) {
        return runs.stream().mapToDouble(l -> number(l.get(l.size() - 1), "test_acc")).average().orElse(Double.NaN);
    }

    /** A number of {@code r}'s extra fields, NaN when absent (older lines, other producers). */
    private static double extraNumber(BenchResult r, String key) {
        return r.extra().get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double number(BenchResult r, String key) {
        Object v = r.extra().get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(r.net() + " result lacks the number \"" + key + "\": " + r.toJson());
        }
        return n.doubleValue();
    }

    public static String toJson(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Summary: cannot write " + line, e);
        }
    }

    private static double median(List<BenchResult> rs, java.util.function.ToDoubleFunction<BenchResult> f) {
        return median(rs.stream().mapToDouble(f).toArray());
    }

    static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
