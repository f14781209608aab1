package org.dl4j.snn.neuron.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Finite-difference check of the kernel's hand-written BPTT with the smooth forward S = g(H - theta)
 * ({@link NeuronKernel#smoothForGradientChecks}), under which the surrogate gradient is the true gradient:
 * dL/dx and every learnable parameter (tau w, theta, v0 at every scope), for every model including CUBA_LIF.
 */
class BpttGradientCheckTest {
    private static final double EPS = 1e-6;

    @TestFactory
    Stream<DynamicTest> smoothForwardGradientsMatchFiniteDifferences() {
        return Variants.withoutDetach().stream().map(v -> DynamicTest.dynamicTest(v.toString(), () -> check(v)));
    }

    private static void check(Variants.Variant v) {
        Random rng = new Random(31 * v.name().hashCode() + v.rank());
        Geometry shape = v.shape();
        double[] x = Variants.input(shape, rng);
        double[] g = Variants.gaussian(shape.length(), rng);
        ParamValues p = Variants.params(v.config(), shape, rng);
        NeuronKernel kernel = NeuronKernel.smoothForGradientChecks(v.config(), 1);
        Engines.Result analytic = Engines.kernel(kernel, shape, x, p, g, true);

        List<String> failures = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            int idx = rng.nextInt(x.length);
            double fd = centralDifference(x, idx, xs -> loss(kernel, shape, xs, p, g));
            compare("dL/dx[" + idx + "]", analytic.gradX()[idx], fd, failures);
        }
        for (var e : p.asMap().entrySet()) {
            double[] values = e.getValue();
            double[] grad = analytic.paramGrads().get(e.getKey());
            for (int idx = 0; idx < values.length; idx++) {
                double fd = centralDifference(values, idx, vs -> loss(kernel, shape, x, p, g));
                compare("dL/d" + e.getKey() + "[" + idx + "]", grad[idx], fd, failures);
            }
        }
        assertThat(failures).as(v + ": analytic vs finite-difference gradients").isEmpty();
    }

    /** (f(a + eps e_idx) - f(a - eps e_idx)) / 2 eps, perturbing {@code a} in place and restoring it. */
    private static double centralDifference(double[] a, int idx, ToDoubleFunction<double[]> f) {
        double keep = a[idx];
        a[idx] = keep + EPS;
        double up = f.applyAsDouble(a);
        a[idx] = keep - EPS;
        double down = f.applyAsDouble(a);
        a[idx] = keep;
        return (up - down) / (2 * EPS);
    }

    private static double loss(NeuronKernel kernel, Geometry shape, double[] x, ParamValues p, double[] g) {
        FlatArray out = FlatArray.of(new double[x.length]);
        kernel.forward(shape, FlatArray.of(x), p, null, out, false);
        double l = 0;
        for (int i = 0; i < g.length; i++) l += g[i] * out.get(i);
        return l;
    }

    private static void compare(String what, double analytic, double fd, List<String> failures) {
        if (!(Math.abs(analytic - fd) <= 1e-6 + 1e-5 * Math.abs(fd))) {
            failures.add(what + ": analytic " + analytic + " vs finite difference " + fd);
        }
    }
}
