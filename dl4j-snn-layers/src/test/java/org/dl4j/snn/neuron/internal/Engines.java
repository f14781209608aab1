package org.dl4j.snn.neuron.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dl4j.snn.neuron.NeuronConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test harness running one neuron configuration through either engine with the objective L = sum(G * out).
 * Arrays are in the kernel's flat layout, which is exactly C order of [b, C, T] / [b, C, T, H, W].
 */
final class Engines {

    /** Outputs and gradients of one run (doubles, flat layout). */
    record Result(double[] out, double[] gradX, Map<String, double[]> paramGrads, State finalState) {}

    private Engines() {}

    /** Kernel forward + backward in float64 ({@code dbl}) or float32 storage. */
    static Result kernel(NeuronKernel kernel, Geometry shape, double[] x, ParamValues p, double[] g,
                         boolean dbl) {
        int n = shape.length();
        FlatArray xa = dbl ? FlatArray.of(x.clone()) : FlatArray.of(toFloats(x));
        FlatArray out = xa.allocateLike(n);
        FlatArray gx = xa.allocateLike(n);
        NeuronKernel.Trace tr = kernel.forward(shape, xa, p, null, out);
        BpttGradients grads = kernel.backward(tr, dbl ? FlatArray.of(g.clone()) : FlatArray.of(toFloats(g)), gx);
        return new Result(out.toDoubleArray(), gx.toDoubleArray(), grads.asMap(), tr.finalState());
    }

    /** NeuronGraph (SameDiff) forward + autodiff gradients, on [b, C, T] (spatial 1) or [b, C, T, H, W]. */
    static Result graph(NeuronConfig cfg, Geometry shape, int height, int width, int rank, double[] x,
                        ParamValues p, double[] g, DataType dt, boolean smooth) {
        long[] xShape = rank == 3
                ? new long[] {shape.batch(), shape.channels(), shape.steps()}
                : new long[] {shape.batch(), shape.channels(), shape.steps(), height, width};
        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.var("x", Nd4j.create(x, xShape, 'c').castTo(dt));
        Map<String, SDVariable> params = new LinkedHashMap<>();
        List<String> gradVars = new ArrayList<>(List.of("x"));
        for (Map.Entry<String, double[]> e : p.asMap().entrySet()) {
            params.put(e.getKey(), sd.var(e.getKey(), Nd4j.create(e.getValue(), new long[] {e.getValue().length}, 'c')
                    .castTo(dt)));
            gradVars.add(e.getKey());
        }
        SDVariable out = NeuronGraph.define(sd, xv, params, cfg, shape.channels(), shape.steps(), height, width, rank,
                smooth);
        SDVariable gv = sd.constant("g", Nd4j.create(g, xShape, 'c').castTo(dt));
        SDVariable loss = out.mul(gv).sum();
        sd.setLossVariables(loss);
        OutAndGrad oag = sd.calculateGradientsAndOutputs(null, List.of(out.name()), gradVars);
        Map<String, double[]> pg = new HashMap<>();
        for (String name : params.keySet()) pg.put(name, flat(oag.getGradients().get(name)));
        return new Result(flat(oag.getOutputs().get(out.name())), flat(oag.getGradients().get("x")), pg, null);
    }

    static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').reshape(a.length()).toDoubleVector();
    }

    static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** max |a - b|. */
    static double maxAbs(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** max |a - b| / max(|b|, floor): relative error that ignores entries far below {@code floor}. */
    static double maxRel(double[] a, double[] b, double floor) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
        return m;
    }

    /** Index of the first element violating |a - b| &lt;= abs + rel*|b|, or -1. */
    static int firstViolation(double[] a, double[] b, double abs, double rel) {
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= abs + rel * Math.abs(b[i]))) return i;
        }
        return -1;
    }
}
