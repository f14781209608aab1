package org.dl4j.snn.examples.bench.jmh;

import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.TimeBatchNorm;
import org.dl4j.snn.layers.TimeLayerFixtures;
import org.dl4j.snn.layers.internal.kernel.BatchNormKernel;
import org.dl4j.snn.layers.internal.kernel.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Manual timing (not a test): wall and process CPU time of one TimeBatchNorm training forward + backward on the bench
 * conv net's shapes, kernel vs stock path. Run:
 * <pre>
 *   mvn -B -Pjmh -Dsnn.build.suffix=-jmh -pl dl4j-snn-examples -am package -DskipTests
 *   java -cp dl4j-snn-examples/target-jmh/dl4j-snn.jar \
 *        org.dl4j.snn.examples.bench.jmh.TimeBatchNormTiming [reps]
 * </pre>
 */
public final class TimeBatchNormTiming {
    private TimeBatchNormTiming() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long[][] shapes = {{16, 32, 10, 34, 34}, {16, 64, 10, 17, 17}};
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (long[] s : shapes) {
            int b = (int) s[0];
            int c = (int) s[1];
            int span = (int) (s[2] * s[3] * s[4]);
            float[] x = TimeLayerFixtures.randn(DataType.FLOAT, 1, s).data().asFloat();
            float[] y = new float[x.length];
            float[] dx = new float[x.length];
            float[] gamma = new float[c];
            float[] beta = new float[c];
            java.util.Arrays.fill(gamma, 1f);
            double[] mean = new double[c];
            double[] var = new double[c];
            for (int i = 0; i < 3 + reps; i++) {
                long t0 = System.nanoTime();
                BatchNormKernel.forward(FloatBuffer.wrap(x), FloatBuffer.wrap(y), b, c, span, gamma, beta, 1e-5,
                        mean, var);
                long t1 = System.nanoTime();
                BatchNormKernel.backward(FloatBuffer.wrap(x), FloatBuffer.wrap(y), FloatBuffer.wrap(dx), b, c, span,
                        gamma, 1e-5, mean, var, new double[c], new double[c]);
                long t2 = System.nanoTime();
                if (i >= 3) {
                    System.out.printf("%s loops only: fwd %6.1f ms bwd %6.1f ms%n", java.util.Arrays.toString(s),
                            (t1 - t0) / 1e6, (t2 - t1) / 1e6);
                }
            }
        }
        for (long[] s : shapes) {
            for (boolean kernel : new boolean[] {false, true}) {
                MultiLayerNetwork net = TimeLayerFixtures.network(DataType.FLOAT, WorkspaceMode.NONE,
                        InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, s[2], s[3], s[4], s[1]),
                        new TimeBatchNorm.Builder().build());
                net.initGradientsView();
                Layer layer = net.getLayer(0);
                Kernels.Scope stockOnly = kernel ? () -> { } : Kernels.stockOnly();
                INDArray x = TimeLayerFixtures.randn(DataType.FLOAT, 1, s);
                INDArray eps = TimeLayerFixtures.randn(DataType.FLOAT, 2, s);
                LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
                for (int i = 0; i < 3; i++) {
                    layer.activate(x, true, mgr);
                    layer.backpropGradient(eps, mgr);
                }
                long fwdNs = 0;
                long bwdNs = 0;
                long cpu0 = os.getProcessCpuTime();
                for (int i = 0; i < reps; i++) {
                    long t0 = System.nanoTime();
                    layer.activate(x, true, mgr);
                    long t1 = System.nanoTime();
                    layer.backpropGradient(eps, mgr);
                    long t2 = System.nanoTime();
                    fwdNs += t1 - t0;
                    bwdNs += t2 - t1;
                }
                long cpu = os.getProcessCpuTime() - cpu0;
                stockOnly.close();
                System.out.printf("%s %-6s fwd %7.1f ms  bwd %7.1f ms  wall %7.1f ms  cpu %7.1f ms per fwd+bwd%n",
                        java.util.Arrays.toString(s), kernel ? "kernel" : "stock", fwdNs / 1e6 / reps,
                        bwdNs / 1e6 / reps, (fwdNs + bwdNs) / 1e6 / reps, cpu / 1e6 / reps);
            }
        }
    }
}
