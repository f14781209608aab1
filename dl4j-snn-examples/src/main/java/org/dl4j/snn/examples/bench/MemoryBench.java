package org.dl4j.snn.examples.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.examples.experiment.Arm;
import org.dl4j.snn.examples.experiment.ExperimentNetworks;
import org.dl4j.snn.examples.experiment.ExperimentRunner;
import org.dl4j.snn.examples.experiment.Suite;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Peak memory of training Rouser's 2312-500-500-10 CUBA MLP on the bundled N-MNIST sample binned into T x 1 ms, batch
 * 16, with full BPTT or truncated BPTT: {@code batches} {@code fit} calls in this JVM, then the process's peak resident
 * set (VmHWM: heap, ND4J's off-heap buffers and workspaces, native libraries). One case per JVM, so that every peak
 * is its own ({@code memory} starts a child JVM per case).
 */
public final class MemoryBench {
    /** Hidden width of Rouser's MLP. */
    public static final int WIDTH = 500;

    private MemoryBench() {}

    /**
     * One measured case.
     *
     * @param tbptt    segment length of truncated BPTT, 0 for full BPTT
     * @param traceMib the spiking layers' BPTT trace for one batch: 1 byte per spike flag + 4 per potential H[t]
     */
    public record Result(int width, int steps, int tbptt, int batch, int batches, double peakRssMib,
                         double traceMib, double loss, double seconds) {
        /** {@code full BPTT} or {@code tBPTT 50}. */
        public String mode() {
            return tbptt <= 0 ? "full BPTT" : "tBPTT " + tbptt;
        }

        /** One JSON line. */
        public String toJson() {
            return String.format(Locale.ROOT, "{\"net\":\"memory\",\"width\":%d,\"T\":%d,\"tbptt\":%d,\"batch\":%d,"
                    + "\"batches\":%d,\"peak_rss_mib\":%.1f,\"trace_mib\":%.1f,\"loss\":%.5f,\"seconds\":%.1f}",
                    width, steps, tbptt, batch, batches, peakRssMib, traceMib, loss, seconds);
        }

        /** Parses {@link #toJson}'s line. */
        public static Result parse(String json) {
            return new Result((int) num(json, "width"), (int) num(json, "T"), (int) num(json, "tbptt"),
                    (int) num(json, "batch"), (int) num(json, "batches"), num(json, "peak_rss_mib"),
                    num(json, "trace_mib"), num(json, "loss"), num(json, "seconds"));
        }

        private static double num(String json, String key) {
            String k = "\"" + key + "\":";
            int i = json.indexOf(k);
            if (i < 0) throw new IllegalArgumentException("memory: no \"" + key + "\" in " + json);
            int j = i + k.length();
            int e = j;
            while (e < json.length() && ",}".indexOf(json.charAt(e)) < 0) e++;
            return Double.parseDouble(json.substring(j, e).trim());
        }
    }

    /** Trains {@code batches} batches of the bundled sample ({@code root}) at T = {@code steps}, in this JVM. */
    public static Result run(Path root, int steps, int tbptt, int batches, long seed) {
        if (steps < 1 || batches < 1 || tbptt < 0) {
            throw new IllegalArgumentException("memory: need T >= 1, batches >= 1 and tbptt >= 0, got " + steps + ", "
                    + batches + ", " + tbptt);
        }
        Arm arm = Suite.named("rouser").arms().get(0).withSteps(steps);
        DataSetIterator it = new ExperimentRunner(root, 0, 0, System.err).trainIterator(arm, seed);
        int classes = it.totalOutcomes();
        MultiLayerNetwork net = ExperimentNetworks.cubaMlp(arm, it.inputColumns(), classes, tbptt, seed);
        long t0 = System.nanoTime();
        int done = 0;
        while (done < batches && it.hasNext()) {
            DataSet ds = it.next();
            if (tbptt > 0) {
                // MultiLayerNetwork splits only [batch, classes, T] labels into segments: the label at every step.
                INDArray y = ds.getLabels();
                ds.setLabels(y.reshape(y.size(0), y.size(1), 1).broadcast(y.size(0), y.size(1), steps).dup());
            }
            net.fit(ds);
            done++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long neurons = 2L * WIDTH + classes;
        long segment = tbptt > 0 ? Math.min(tbptt, steps) : steps;
        double traceMib = (double) arm.batch() * neurons * segment * (1 + Float.BYTES) / (1 << 20);
        return new Result(WIDTH, steps, tbptt, arm.batch(), done, ProcessMemory.peakRssMib(), traceMib, net.score(),
                seconds);
    }
}
