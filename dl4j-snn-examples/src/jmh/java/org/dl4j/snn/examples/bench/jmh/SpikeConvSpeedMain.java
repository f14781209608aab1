package org.dl4j.snn.examples.bench.jmh;

import java.util.SplittableRandom;
import org.dl4j.snn.layers.internal.kernel.Im2colConvKernel;
import org.dl4j.snn.layers.internal.kernel.OneDnnConvKernel;
import org.dl4j.snn.layers.internal.kernel.Ranges;
import org.dl4j.snn.layers.internal.kernel.SparseConvKernel;
import org.dl4j.snn.layers.internal.kernel.SparseDenseKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Manual timing (not a unit test): {@link SparseConvKernel}'s forward, weight gradient and input gradient on the
 * issue-7 conv net's two layers ({@code [16, 2, 10, 34, 34] -> 32} at the density given, default 5 %, {@code [16, 32, 10, 17, 17] ->
 * 64} and {@code -> 32} at the density given, default 10 %), 3x3, padding 1, best wall time of N rounds after a
 * warm-up; beside them oneDNN's forward and weight gradient of the same shapes (whatever the density), where it loads.
 *
 * <pre>
 *   mvn -B -Pjmh -Dsnn.build.suffix=-jmh -pl dl4j-snn-examples -am package -DskipTests
 *   java -cp dl4j-snn-examples/target-jmh/dl4j-snn.jar \
 *        org.dl4j.snn.examples.bench.jmh.SpikeConvSpeedMain [rounds] [layer-2 density] [layer-1 density]
 * </pre>
 */
public final class SpikeConvSpeedMain {

    private SpikeConvSpeedMain() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        double density2 = args.length > 1 ? Double.parseDouble(args[1]) : 0.10;
        double density1 = args.length > 2 ? Double.parseDouble(args[2]) : 0.05;
        System.out.println("threads " + Ranges.THREADS + ", best of " + rounds + " (ms)");
        time("layer 1 [16,2,10,34,34]->32 d=" + density1, new int[] {16, 2, 10, 34, 34}, 32, density1, rounds);
        time("layer 2 [16,32,10,17,17]->64 d=" + density2, new int[] {16, 32, 10, 17, 17}, 64, density2, rounds);
        time("layer 2 [16,32,10,17,17]->32 d=" + density2, new int[] {16, 32, 10, 17, 17}, 32, density2, rounds);
    }

    private static void time(String name, int[] shape, int nOut, double density, int rounds) {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = shape[0] * shape[1] * shape[2] * shape[3] * shape[4];
        float[] xs = new float[n];
        for (int i = 0; i < n; i++) xs[i] = rnd.nextDouble() < density ? 1f : 0f;
        INDArray x = Nd4j.create(xs, new long[] {shape[0], shape[1], shape[2], shape[3], shape[4]}, 'c');
        INDArray w = Nd4j.rand(DataType.FLOAT, nOut, shape[1], 3, 3).subi(0.5);
        long[] zShape = {shape[0], nOut, shape[2], shape[3], shape[4]};
        INDArray z = Nd4j.createUninitialized(DataType.FLOAT, zShape, 'c');
        INDArray dz = Nd4j.rand(DataType.FLOAT, zShape).subi(0.5);
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape(), 'c');
        double[] best = {1e30, 1e30, 1e30, 1e30, 1e30, 1e30};
        for (int r = 0; r < rounds + 10; r++) {
            long t0 = System.nanoTime();
            SparseConvKernel raster = SparseConvKernel.scan(x, SparseDenseKernel.MAX_DENSITY);
            long t1 = System.nanoTime();
            raster.forward(w, null, 1, 1, z);
            long t2 = System.nanoTime();
            raster.weightGradient(dz, 3, 3, 1, 1);
            long t3 = System.nanoTime();
            Im2colConvKernel.inputGradient(w, dz, 1, 1, dx);
            long t4 = System.nanoTime();
            long t5 = t4;
            long t6 = t4;
            if (OneDnnConvKernel.available()) {
                OneDnnConvKernel.forward(x, w, null, 1, 1, z);
                t5 = System.nanoTime();
                OneDnnConvKernel.weightGradient(x, dz, 3, 3, 1, 1);
                t6 = System.nanoTime();
            }
            if (r >= 10) {
                best[4] = Math.min(best[4], (t5 - t4) / 1e6);
                best[5] = Math.min(best[5], (t6 - t5) / 1e6);
                best[0] = Math.min(best[0], (t1 - t0) / 1e6);
                best[1] = Math.min(best[1], (t2 - t1) / 1e6);
                best[2] = Math.min(best[2], (t3 - t2) / 1e6);
                best[3] = Math.min(best[3], (t4 - t3) / 1e6);
            }
        }
        System.out.printf("%-40s scan %6.2f  forward %6.2f  dW %6.2f  dx %6.2f | oneDNN forward %6.2f  dW %6.2f%n",
                name, best[0], best[1], best[2], best[3], best[4], best[5]);
    }
}
