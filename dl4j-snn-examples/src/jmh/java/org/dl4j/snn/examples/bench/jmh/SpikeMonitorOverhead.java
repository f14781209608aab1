package org.dl4j.snn.examples.bench.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4j.snn.monitor.SpikeMonitor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures the spike monitor's training overhead (not a test: timing has no place in CI): the same network trained
 * alternately without listeners, with a no-op listener and with a {@link SpikeMonitor} (epoch records plus a window
 * every 10 iterations), in interleaved rounds so that load from other processes hits all alike; prints the median
 * time per iteration and the time spent inside the monitor's callbacks (the robust number on a shared machine).
 * Run:
 * <pre>
 *   mvn -B -Pjmh -Dsnn.build.suffix=-jmh -pl dl4j-snn-examples -am package -DskipTests
 *   java -cp dl4j-snn-examples/target-jmh/dl4j-snn.jar \
 *        org.dl4j.snn.examples.bench.jmh.SpikeMonitorOverhead [rounds] [iterations]
 * </pre>
 */
public final class SpikeMonitorOverhead {
    private SpikeMonitorOverhead() {
    }

    /**
     * Median ms per iteration without listeners, with a no-op listener (DL4J's own cost of having listeners) and with
     * the monitor; then the time spent inside the monitor's callbacks per iteration (ms).
     */
    public static double[] measure(MultiLayerNetwork net, DataSet batch, Predicate<Layer> spiking, int rounds,
                                   int iterations) {
        SpikeMonitor monitor = SpikeMonitor.builder().spikingLayers(spiking).everyIterations(10).build();
        TimedListener timed = new TimedListener(monitor);
        TrainingListener noop = new BaseTrainingListener() {
        };
        List<Double> without = new ArrayList<>();
        List<Double> withNoop = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            net.fit(batch); // warm-up
        }
        for (int r = 0; r < rounds; r++) {
            net.setListeners();
            without.add(timePerIteration(net, batch, iterations));
            net.setListeners(noop);
            withNoop.add(timePerIteration(net, batch, iterations));
            net.setListeners(timed);
            with.add(timePerIteration(net, batch, iterations));
            monitor.endEpoch();
        }
        monitor.close();
        return new double[] {median(without), median(withNoop), median(with),
                timed.nanos / 1e6 / ((double) rounds * iterations)};
    }

    /** Delegates to a listener and adds up the time spent in its training callbacks. */
    private static final class TimedListener extends BaseTrainingListener {
        private final TrainingListener inner;
        private long nanos;

        TimedListener(TrainingListener inner) {
            this.inner = inner;
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            long t = System.nanoTime();
            inner.onForwardPass(model, activations);
            nanos += System.nanoTime() - t;
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            long t = System.nanoTime();
            inner.onForwardPass(model, activations);
            nanos += System.nanoTime() - t;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            long t = System.nanoTime();
            inner.iterationDone(model, iteration, epoch);
            nanos += System.nanoTime() - t;
        }
    }

    private static double timePerIteration(MultiLayerNetwork net, DataSet batch, int iterations) {
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            net.fit(batch);
        }
        return (System.nanoTime() - t0) / 1e6 / iterations;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** Random 0/1 input spikes {@code [b, n, T]} at rate {@code p}, labels zero. */
    public static DataSet spikeBatch(int b, int n, int t, int classes, double p) {
        return new DataSet(Nd4j.rand(DataType.FLOAT, b, n, t).lt(p).castTo(DataType.FLOAT),
                Nd4j.zeros(DataType.FLOAT, b, classes, t));
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        for (OverheadNetworks.Case c : OverheadNetworks.cases()) {
            double[] r = measure(c.net(), c.batch(), c.spiking(), rounds, iterations);
            System.out.printf("%s: ms/iteration: %.1f no listener, %.1f no-op listener, %.1f monitor (%+.1f %% vs no "
                    + "listener, %+.1f %% vs no-op); inside the monitor %.2f ms/iteration = %.2f %%%n", c.name(), r[0],
                    r[1], r[2], 100 * (r[2] - r[0]) / r[0], 100 * (r[2] - r[1]) / r[1], r[3], 100 * r[3] / r[2]);
        }
        System.out.println("(rounds " + rounds + ", iterations per round " + iterations + ", OMP_NUM_THREADS="
                + System.getenv("OMP_NUM_THREADS") + ", args " + Arrays.toString(args) + ")");
    }
}
