package org.dl4j.snn.examples.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.dl4j.snn.neuron.NeuronConfig;
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
 * Manual timing (not a unit test): the pre-optimisation kernel with its element-wise copies
 * ({@link ReferenceNeuronKernel}, {@link ReferenceFlatArray}) against the current {@link NeuronKernel}, in one JVM,
 * interleaved, best of N rounds, on the issue-7 PLIF (learnable tau, LAYER, decayInput, hard reset, ATan(2)) with
 * float32 ND4J buffers, as the layers call it. With one thread it reports the CPU time of the calling thread
 * (everything runs there), with more the wall time; on a shared machine compare the ratios.
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
    private static boolean cpuClock;
    /** Untimed rounds first: the block methods run a few hundred times per call and need ~10^4 calls for C2. */
    private static final int WARMUP = Integer.getInteger("warmup", 25);

    /** The caller's CPU time with one kernel thread (robust to other load on a shared machine), else wall time. */
    private static long now() {
        return cpuClock ? MX.getCurrentThreadCpuTime() : System.nanoTime();
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        cpuClock = threads == 1;
        System.out.println("best of " + rounds + ", " + threads + " thread(s), "
                + (cpuClock ? "CPU time of the calling thread" : "wall time"));
        NeuronConfig plif = NeuronKernelBenchmark.plif();
        Geometry[] shapes = {NeuronKernelBenchmark.geometry("mlp"), NeuronKernelBenchmark.geometry("conv1"),
                NeuronKernelBenchmark.geometry("conv2")};
        if (args.length > 2) shapes = new Geometry[] {shapes[Integer.parseInt(args[2])]}; // one shape, profiling
        if (args.length > 6) {
            shapes = new Geometry[] {new Geometry(Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]))};
        }
        ReferenceNeuronKernel old = new ReferenceNeuronKernel(plif, threads);
        NeuronKernel now = new NeuronKernel(plif, threads);
        ParamValues params = new ParamValues(new double[] {0.0}, null, null);
        List<INDArray> keepAlive = new ArrayList<>();
        for (Geometry shape : shapes) {
            int n = shape.length();
            float[][] drive = NeuronKernelBenchmark.drive(n);
            float[] xs = drive[0];
            float[] gs = drive[1];
            INDArray xa = Nd4j.create(xs, new long[] {n}, DataType.FLOAT);
            INDArray ga = Nd4j.create(gs, new long[] {n}, DataType.FLOAT);
            INDArray oa = Nd4j.zeros(DataType.FLOAT, n);
            INDArray dxa = Nd4j.zeros(DataType.FLOAT, n);
            keepAlive.addAll(List.of(xa, ga, oa, dxa));
            Function<INDArray, FlatArray> oldView = ReferenceFlatArray::of;
            Function<INDArray, FlatArray> newView = FlatArray::of;
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
            // Per-round old/new ratios (forward, backward): their median is robust to load that drifts slowly.
            double[][] ratio = new double[2][rounds];
            for (int r = 0; r < rounds + WARMUP; r++) {
                long t0 = now();
                ReferenceNeuronKernel.Trace to = old.forward(shape, oldView.apply(xa), params, null,
                        oldView.apply(oa));
                long t1 = now();
                old.backward(to, oldView.apply(ga), oldView.apply(dxa));
                long t2 = now();
                NeuronKernel.Trace tn = now.forward(shape, newView.apply(xa), params, null, newView.apply(oa));
                long t3 = now();
                now.backward(tn, newView.apply(ga), newView.apply(dxa));
                long t4 = now();
                if (r < WARMUP) continue; // until C2 has compiled the block loops of both kernels
                best[0] = Math.min(best[0], (t1 - t0) / 1e6);
                best[1] = Math.min(best[1], (t2 - t1) / 1e6);
                best[2] = Math.min(best[2], (t3 - t2) / 1e6);
                best[3] = Math.min(best[3], (t4 - t3) / 1e6);
                ratio[0][r - WARMUP] = (double) (t1 - t0) / (t3 - t2);
                ratio[1][r - WARMUP] = (double) (t2 - t1) / (t4 - t3);
            }
            java.util.Arrays.sort(ratio[0]);
            java.util.Arrays.sort(ratio[1]);
            System.out.printf("median per-round speed-up: forward %.2fx, backward %.2fx%n", ratio[0][rounds / 2],
                    ratio[1][rounds / 2]);
            System.out.printf("%.2f / %.2f ns per element (old / new)%n", (best[0] + best[1]) * 1e6 / n,
                    (best[2] + best[3]) * 1e6 / n);
            System.out.printf("%-40s old fwd %7.2f bwd %7.2f = %7.2f ms | new fwd %7.2f bwd %7.2f = %7.2f ms"
                            + " | speed-up fwd %.2fx bwd %.2fx total %.2fx%n", shape, best[0], best[1],
                    best[0] + best[1], best[2], best[3], best[2] + best[3], best[0] / best[2], best[1] / best[3],
                    (best[0] + best[1]) / (best[2] + best[3]));
        }
    }
}
