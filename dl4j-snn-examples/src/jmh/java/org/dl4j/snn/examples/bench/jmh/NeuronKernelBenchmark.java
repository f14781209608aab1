package org.dl4j.snn.examples.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.internal.FlatArray;
import org.dl4j.snn.neuron.internal.Geometry;
import org.dl4j.snn.neuron.internal.NeuronKernel;
import org.dl4j.snn.neuron.internal.ParamValues;
import org.dl4j.snn.surrogate.ATan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of {@link NeuronKernel} alone, forward and backward (BPTT), on the neuron populations of the two
 * benchmark networks; throughput in neuron-steps per second (elements = batch*C*T*S).
 * The neuron is SpikingJelly's PLIF as in issue 7: tau = 1/sigmoid(w), w = 0 (init tau 2), decay_input, hard reset to
 * 0, theta = 1, ATan(alpha = 2); inputs are drawn so that about 15-20 % of the neuron-steps fire.
 *
 * <p>Run (not part of the normal build):
 * <pre>
 *   mvn -B -Pjmh -Dsnn.build.suffix=-jmh -pl dl4j-snn-examples -am package -DskipTests
 *   java -cp dl4j-snn-examples/target-jmh/dl4j-snn.jar org.openjdk.jmh.Main NeuronKernelBenchmark -prof gc
 * </pre>
 * The {@code elements} column (ops/s of the aux counter) is the figure to read; {@code -p shape=mlp} etc. narrows it.
 * The forks run with the Vector API module (the SIMD fast path); {@code -jvmArgsAppend -Dsnn.vector=false} times the
 * scalar loops.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC", "--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class NeuronKernelBenchmark {

    /** Population: mlp = [32 x 256, T=100], conv1 = [16 x 32, T=10, 34x34], conv2 = [16 x 64, T=10, 17x17]. */
    @Param({"mlp", "conv1", "conv2"})
    public String shape;

    /** Kernel threads (ForkJoin); 1 = caller thread. */
    @Param({"1", "2"})
    public int threads;

    /** heap = float[] arrays; nd4j = FLOAT INDArrays viewed through their NIO buffers (what the layers pass). */
    @Param({"heap", "nd4j"})
    public String storage;

    private NeuronKernel kernel;
    private Geometry geometry;
    private ParamValues params;
    private FlatArray x;
    private FlatArray out;
    private FlatArray gradOut;
    private FlatArray gradX;
    private NeuronKernel.Trace trace;
    /**
     * The INDArrays behind the nd4j-storage FlatArrays, held for the whole trial as a layer holds its activations
     * (an early FlatArray kept only the NIO view, and the freed native memory crashed the kernel).
     */
    private final java.util.List<Object> keepAlive = new java.util.ArrayList<>();

    /** Counts neuron-steps; JMH reports it as a rate next to the call rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Elements {
        public long elements;
    }

    /** The PLIF neuron (SpikingJelly ParametricLIFNode, torch backend defaults used by the benchmark). */
    public static NeuronConfig plif() {
        return NeuronConfig.builder().model(NeuronModel.LIF).tau(2).learnTau(true).tauScope(org.dl4j.snn.neuron.Scope.LAYER)
                .decayInput(true).theta(1).vReset(0).reset(Reset.HARD).detachReset(false).surrogate(new ATan(2))
                .build();
    }

    /** The named population's geometry. */
    public static Geometry geometry(String name) {
        return switch (name) {
            case "mlp" -> Geometry.recurrent(32, 256, 100);
            case "conv1" -> new Geometry(16, 32, 10, 34 * 34);
            case "conv2" -> new Geometry(16, 64, 10, 17 * 17);
            default -> throw new IllegalArgumentException("NeuronKernelBenchmark.shape: unknown population " + name);
        };
    }

    /**
     * Seeded inputs of {@code n} elements: the input currents {@code [0]} (mean drive 0.45 with spread, a hidden
     * layer's normalised input current, firing ~15-20 %) and the gradients arriving at the output {@code [1]}.
     */
    public static float[][] drive(int n) {
        SplittableRandom rnd = new SplittableRandom(42);
        float[] xs = new float[n];
        float[] gs = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = (float) (0.45 + 0.9 * rnd.nextGaussian());
            gs[i] = (float) (0.01 * rnd.nextGaussian());
        }
        return new float[][] {xs, gs};
    }

    /** The trace the next {@link #forward} overwrites. */
    private NeuronKernel.Trace recycled;

    @Setup(Level.Trial)
    public void setUp() {
        kernel = new NeuronKernel(plif(), threads);
        geometry = geometry(shape);
        params = new ParamValues(new double[] {0.0}, null, null);
        int n = geometry.length();
        float[][] drive = drive(n);
        x = array(drive[0]);
        gradOut = array(drive[1]);
        out = array(new float[n]);
        gradX = array(new float[n]);
        trace = kernel.forward(geometry, x, params, null, out, true);
        double fired = 0;
        for (int i = 0; i < n; i++) fired += out.get(i);
        System.out.printf("%n[%s] %d elements, firing rate %.3f%n", shape, n, fired / n);
    }

    private FlatArray array(float[] data) {
        if (storage.equals("heap")) return FlatArray.of(data);
        org.nd4j.linalg.api.ndarray.INDArray a = Nd4j.create(data, new long[] {data.length}, DataType.FLOAT);
        keepAlive.add(a);
        return FlatArray.of(a);
    }

    /**
     * Forward pass in training mode (keeps H and S for BPTT), as a training step runs it: into the previous call's
     * trace, as a layer recycles its own.
     */
    @Benchmark
    public NeuronKernel.Trace forward(Elements counter) {
        counter.elements += geometry.length();
        recycled = kernel.forward(geometry, x, params, null, out, true, recycled);
        return recycled;
    }

    /** BPTT through one stored forward pass, with the PLIF w gradient. */
    @Benchmark
    public Object backward(Elements counter) {
        counter.elements += geometry.length();
        return kernel.backward(trace, gradOut, gradX);
    }
}
