package org.dl4j.snn.examples.bench.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.internal.FlatArray;
import org.dl4j.snn.neuron.internal.Geometry;
import org.dl4j.snn.neuron.internal.NeuronKernel;
import org.dl4j.snn.neuron.internal.ParamValues;
import org.dl4j.snn.neuron.internal.ReferenceFlatArray;
import org.dl4j.snn.neuron.internal.ReferenceNeuronKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Manual timing (not a unit test): two neuron kernels in one JVM, interleaved (the order alternating every round),
 * forward and backward timed separately, on the populations of {@link NeuronKernelBenchmark} and the cases of both of
 * the current kernel's paths: the fast path (spiking PLIF, LIF and IF, float32 ND4J buffers as the layers pass them) and
 * the general one (CUBA_LIF, a learnable per-neuron threshold, PLIF on float64). By default it compares the
 * pre-optimisation kernel with its element-wise copies ({@link ReferenceNeuronKernel}, {@link ReferenceFlatArray})
 * against the current {@link NeuronKernel}; {@link #run} takes any two {@link Kernel}s (a frozen copy of a kernel
 * before a change, say, for an A/B of the change).
 * Every case is warmed up before any is timed, so the JIT has seen all the models (as in a JVM that runs several).
 * With one thread it reports the CPU time of the calling thread (everything runs there), with more the wall time;
 * on a shared machine read the ratios: the median over rounds of after/before, below 1 = faster.
 *
 * <pre>
 *   mvn -B -Pjmh -Dsnn.build.suffix=-jmh -pl dl4j-snn-examples -am package -DskipTests
 *   java -cp dl4j-snn-examples/target-jmh/dl4j-snn.jar \
 *        org.dl4j.snn.examples.bench.jmh.NeuronKernelSpeedMain [rounds] [threads]
 * </pre>
 * (the reference kernel comes from the dl4j-snn-layers test-jar, which the jmh profile adds).
 */
public final class NeuronKernelSpeedMain {

    private NeuronKernelSpeedMain() {}

    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
    /** Untimed rounds per case first: the block methods run a few hundred times per call and need ~10^4 calls for C2. */
    private static final int WARMUP = Integer.getInteger("warmup", 25);

    /** A kernel as the timing loop drives it: a training forward pass, then BPTT through its trace T. */
    public record Timed<T>(Forward<T> forward, Backward<T> backward) {}

    /** A training forward pass from V = v0. */
    public interface Forward<T> {
        T run(Geometry shape, FlatArray x, ParamValues params, FlatArray out);
    }

    /** BPTT through a forward pass's trace. */
    public interface Backward<T> {
        void run(T trace, FlatArray gradOut, FlatArray gradX);
    }

    /** One measured case: a neuron, its learnable values, a population and the precision of the arrays. */
    private record Case(String name, String population, NeuronConfig config, Geometry shape, DataType type) {

        ParamValues params() {
            double[] theta = null;
            if (config.learnTheta()) {
                theta = new double[config.thetaScope().length(shape.channels(), shape.spatial())];
                for (int i = 0; i < theta.length; i++) theta[i] = config.theta() + 0.01 * (i % 7);
            }
            return new ParamValues(config.learnTau() ? new double[] {0.0} : null, theta, null);
        }
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Kernel reference = new Kernel("ReferenceNeuronKernel", (cfg, t) -> {
            ReferenceNeuronKernel k = new ReferenceNeuronKernel(cfg, t);
            return new Timed<>((s, x, p, out) -> k.forward(s, x, p, null, out), k::backward);
        }, a -> a.dataType() == DataType.FLOAT ? ReferenceFlatArray.of(a) : FlatArray.of(a));
        run(reference, CURRENT, rounds, threads);
    }

    /**
     * A kernel under test: its name, how to build it for a config and thread count, and how it views an ND4J array
     * (the reference kernel has its own element-wise views).
     */
    public record Kernel(String name, java.util.function.BiFunction<NeuronConfig, Integer, Timed<?>> build,
                         Function<INDArray, FlatArray> view) {}

    /** The current {@link NeuronKernel}. */
    public static final Kernel CURRENT = new Kernel("NeuronKernel", (cfg, t) -> current(cfg, t), FlatArray::of);

    /** The current kernel as {@link Timed}. */
    static Timed<NeuronKernel.Trace> current(NeuronConfig cfg, int threads) {
        NeuronKernel k = new NeuronKernel(cfg, threads);
        return new Timed<>((s, x, p, out) -> k.forward(s, x, p, null, out), k::backward);
    }

    /**
     * The cases: fast path (PLIF, LIF, IF) and general path (CUBA_LIF, per-neuron theta, float64) on every population;
     * {@code -Dcases=REGEX} keeps those whose "name population" it finds.
     */
    private static List<Case> cases() {
        NeuronConfig plif = NeuronKernelBenchmark.plif();
        NeuronConfig ifn = NeuronConfig.builder().model(NeuronModel.IF).theta(1).build();
        NeuronConfig lif = NeuronConfig.builder().model(NeuronModel.LIF).tau(2).theta(1).build();
        NeuronConfig cuba = NeuronConfig.builder().model(NeuronModel.CUBA_LIF).tau(2).learnTau(true).theta(1).build();
        NeuronConfig thetaN = NeuronConfig.builder().model(NeuronModel.LIF).tau(2).learnTheta(true)
                .thetaScope(Scope.NEURON).build();
        List<Case> c = new ArrayList<>();
        for (String pop : new String[] {"mlp", "conv1", "conv2"}) {
            Geometry g = NeuronKernelBenchmark.geometry(pop);
            c.add(new Case("fast PLIF f32", pop, plif, g, DataType.FLOAT));
            c.add(new Case("fast IF f32", pop, ifn, g, DataType.FLOAT));
            c.add(new Case("fast LIF f32", pop, lif, g, DataType.FLOAT));
            c.add(new Case("gen CUBA f32", pop, cuba, g, DataType.FLOAT));
            c.add(new Case("gen theta/N f32", pop, thetaN, g, DataType.FLOAT));
            c.add(new Case("gen PLIF f64", pop, plif, g, DataType.DOUBLE));
        }
        java.util.regex.Pattern keep = java.util.regex.Pattern.compile(System.getProperty("cases", ""));
        c.removeIf(k -> !keep.matcher(k.name() + " " + k.population()).find());
        return c;
    }

    /** Times {@code before} against {@code after} on every case: milliseconds (median) and after/before (median). */
    public static void run(Kernel before, Kernel after, int rounds, int threads) {
        boolean cpuClock = threads == 1;
        System.out.println("median of " + rounds + " interleaved rounds, " + threads + " thread(s), "
                + (cpuClock ? "CPU time of the calling thread" : "wall time") + "; before = " + before.name()
                + ", after = " + after.name() + "; load average " + loadAverage());
        List<Case> cases = cases();
        List<Runner> runners = new ArrayList<>();
        for (Case c : cases) {
            runners.add(new Runner(c, before.build().apply(c.config(), threads), before.view(),
                    after.build().apply(c.config(), threads), after.view(), cpuClock));
        }
        for (int w = 0; w < WARMUP; w++) {
            for (Runner r : runners) r.round(w % 2 == 0, null);
        }
        System.out.printf("%-16s %-6s %9s %9s %7s | %9s %9s %7s%n", "case", "pop", "fwd bef", "fwd aft", "ratio",
                "bwd bef", "bwd aft", "ratio");
        for (int i = 0; i < runners.size(); i++) {
            Runner r = runners.get(i);
            double[][] t = new double[4][rounds];
            for (int k = 0; k < rounds; k++) r.round(k % 2 == 0, new double[][] {t[0], t[1], t[2], t[3]}, k);
            double[] fr = ratios(t[1], t[0]);
            double[] br = ratios(t[3], t[2]);
            Case c = cases.get(i);
            System.out.printf("%-16s %-6s %9.3f %9.3f %7.3f | %9.3f %9.3f %7.3f%n", c.name(), c.population(),
                    median(t[0]), median(t[1]), median(fr), median(t[2]), median(t[3]), median(br));
        }
        System.out.println("load average " + loadAverage());
    }

    private static String loadAverage() {
        return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }

    private static double[] ratios(double[] after, double[] before) {
        double[] r = new double[after.length];
        for (int i = 0; i < r.length; i++) r[i] = after[i] / before[i];
        return r;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Both kernels on one case, each with its own copies of the arrays. */
    private static final class Runner {
        private final Case c;
        private final Timed<?> before;
        private final Timed<?> after;
        private final FlatArray[] bArrays;
        private final FlatArray[] aArrays;
        private final ParamValues params;
        private final boolean cpuClock;
        /** The INDArrays behind the views: a view alone does not keep native memory alive. */
        private final List<INDArray> keepAlive = new ArrayList<>();

        Runner(Case c, Timed<?> before, Function<INDArray, FlatArray> beforeView, Timed<?> after,
               Function<INDArray, FlatArray> afterView, boolean cpuClock) {
            this.c = c;
            this.before = before;
            this.after = after;
            this.cpuClock = cpuClock;
            this.params = c.params();
            int n = c.shape().length();
            float[][] drive = NeuronKernelBenchmark.drive(n);
            bArrays = arrays(drive, beforeView);
            aArrays = arrays(drive, afterView);
        }

        /** x, out, gradOut, gradX. */
        private FlatArray[] arrays(float[][] drive, Function<INDArray, FlatArray> view) {
            int n = drive[0].length;
            INDArray x = Nd4j.create(drive[0], new long[] {n}, DataType.FLOAT).castTo(c.type());
            INDArray g = Nd4j.create(drive[1], new long[] {n}, DataType.FLOAT).castTo(c.type());
            INDArray out = Nd4j.zeros(c.type(), n);
            INDArray dx = Nd4j.zeros(c.type(), n);
            keepAlive.addAll(List.of(x, g, out, dx));
            return new FlatArray[] {view.apply(x), view.apply(out), view.apply(g), view.apply(dx)};
        }

        void round(boolean beforeFirst, double[][] t) {
            round(beforeFirst, t, 0);
        }

        /** One forward + backward of each kernel; times into t[0..3][k] (fwd before, fwd after, bwd ...) if t given. */
        void round(boolean beforeFirst, double[][] t, int k) {
            for (int i = 0; i < 2; i++) {
                boolean b = (i == 0) == beforeFirst;
                double[] ms = b ? pass(before, bArrays) : pass(after, aArrays);
                if (t != null) {
                    t[b ? 0 : 1][k] = ms[0];
                    t[b ? 2 : 3][k] = ms[1];
                }
            }
        }

        /** Forward and backward milliseconds of one kernel on arrays a = (x, out, gradOut, gradX). */
        private <T> double[] pass(Timed<T> kernel, FlatArray[] a) {
            long t0 = now();
            T trace = kernel.forward().run(c.shape(), a[0], params, a[1]);
            long t1 = now();
            kernel.backward().run(trace, a[2], a[3]);
            long t2 = now();
            return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6};
        }

        private long now() {
            return cpuClock ? MX.getCurrentThreadCpuTime() : System.nanoTime();
        }
    }
}
