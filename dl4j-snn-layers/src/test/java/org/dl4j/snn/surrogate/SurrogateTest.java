package org.dl4j.snn.surrogate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** Each surrogate: derivative = d(primitive)/du, SameDiff primitive = Java primitive (values and autodiff), JSON. */
class SurrogateTest {

    static Stream<Surrogate> surrogates() {
        return Stream.of(new ATan(2), new ATan(0.7), new Sigmoid(4), new FastSigmoid(2), new FastSigmoid(25),
                new PiecewiseQuadratic(1), new PiecewiseQuadratic(2.5), new Triangle(1), new Triangle(0.4),
                new Rectangular(1), new Rectangular(0.3), new SlayerExponential(1.5, 3.75),
                new SlayerExponential(0.5, 0.2));
    }

    /** Points in [-3, 3] that avoid 0 and the kinks (|u| = 1/alpha, gamma, width/2) by at least 1e-3. */
    static double[] points() {
        double[] u = new double[61];
        for (int k = 0; k < u.length; k++) u[k] = -3 + 0.1 * k + 0.0123;
        return u;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("surrogates")
    void derivativeIsTheNumericalDerivativeOfThePrimitive(Surrogate s) {
        double h = 1e-6;
        for (double u : points()) {
            double numerical = (s.primitive(u + h) - s.primitive(u - h)) / (2 * h);
            assertThat(s.derivative(u)).as("%s at u = %s", s, u).isCloseTo(numerical, within(1e-7));
            assertThat(s.derivative(u)).isGreaterThanOrEqualTo(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("surrogates")
    void sameDiffPrimitiveAndItsAutodiffEqualTheJavaPrimitiveAndDerivative(Surrogate s) {
        double[] u = points();
        SameDiff sd = SameDiff.create();
        SDVariable uv = sd.var("u", Nd4j.createFromArray(u));
        SDVariable g = s.primitive(sd, uv);
        sd.setLossVariables(g.sum());
        INDArray value = g.eval();
        INDArray grad = sd.calculateGradients(null, "u").get("u");
        assertThat(value.dataType()).isEqualTo(DataType.DOUBLE);
        for (int k = 0; k < u.length; k++) {
            assertThat(value.getDouble(k)).as("%s g(%s)", s, u[k]).isCloseTo(s.primitive(u[k]), within(1e-12));
            assertThat(grad.getDouble(k)).as("%s g'(%s)", s, u[k]).isCloseTo(s.derivative(u[k]), within(1e-12));
        }
    }

    @Test
    void builtInPrimitivesAreStepsFromZeroToTheirArea() {
        // The surrogate's area (integral of g') is its step height: 1 except FastSigmoid (2/alpha), SLAYER (2 s).
        for (Surrogate s : List.of(new ATan(2), new Sigmoid(4), new PiecewiseQuadratic(1), new Triangle(1),
                new Rectangular(1))) {
            assertThat(s.primitive(-1e4)).as(s.toString()).isCloseTo(0, within(1e-4));
            assertThat(s.primitive(1e4)).as(s.toString()).isCloseTo(1, within(1e-4));
        }
        assertThat(new FastSigmoid(2).primitive(1e8) - new FastSigmoid(2).primitive(-1e8)).isCloseTo(1, within(1e-6));
        assertThat(new SlayerExponential(1.5, 3.75).primitive(1e4)).isCloseTo(3, within(1e-9));
        assertThat(new SlayerExponential(1.5, 3.75).primitive(-1e4)).isCloseTo(0, within(1e-9));
    }

    @Test
    void derivativesAtZeroMatchThePublishedFormulas() {
        assertThat(new ATan(2).derivative(0)).isEqualTo(1);
        assertThat(new ATan(2).derivative(0.5)).isCloseTo(1 / (1 + Math.PI * Math.PI / 4), within(1e-15));
        assertThat(new Sigmoid(4).derivative(0)).isEqualTo(1);
        assertThat(new FastSigmoid(25).derivative(0.04)).isCloseTo(0.25, within(1e-15));
        assertThat(new PiecewiseQuadratic(1).derivative(0.25)).isEqualTo(0.75);
        assertThat(new PiecewiseQuadratic(1).derivative(1.5)).isZero();
        assertThat(new Triangle(1).derivative(-0.25)).isEqualTo(0.75);
        assertThat(new Triangle(2).derivative(3)).isZero();
        assertThat(new Rectangular(0.5).derivative(0.2)).isEqualTo(2);
        assertThat(new Rectangular(0.5).derivative(0.3)).isZero();
        assertThat(new SlayerExponential(1.5, 3.75).derivative(3.75)).isCloseTo(0.4 * Math.exp(-1), within(1e-15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("surrogates")
    void jsonRoundTripIsPolymorphicAndExact(Surrogate s) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writerFor(Surrogate.class).writeValueAsString(s);
        assertThat(json).contains(s.getClass().getName());
        Surrogate back = mapper.readValue(json, Surrogate.class);
        assertThat(back).isEqualTo(s).hasSameHashCodeAs(s).isNotSameAs(s);
        assertThat(back.toString()).isEqualTo(s.toString());
    }

    static Stream<Arguments> invalidArguments() {
        return Stream.of(
                Arguments.of((Supplier<Surrogate>) () -> new ATan(-1), "ATan.alpha must be a finite number > 0, got -1.0"),
                Arguments.of((Supplier<Surrogate>) () -> new ATan(0), "ATan.alpha must be a finite number > 0, got 0.0"),
                Arguments.of((Supplier<Surrogate>) () -> new Sigmoid(Double.NaN), "Sigmoid.alpha must be a finite number > 0, got NaN"),
                Arguments.of((Supplier<Surrogate>) () -> new FastSigmoid(Double.POSITIVE_INFINITY),
                        "FastSigmoid.alpha must be a finite number > 0, got Infinity"),
                Arguments.of((Supplier<Surrogate>) () -> new PiecewiseQuadratic(-2), "PiecewiseQuadratic.alpha must be a finite number > 0, got -2.0"),
                Arguments.of((Supplier<Surrogate>) () -> new Triangle(0), "Triangle.gamma must be a finite number > 0, got 0.0"),
                Arguments.of((Supplier<Surrogate>) () -> new Rectangular(-0.5), "Rectangular.width must be a finite number > 0, got -0.5"),
                Arguments.of((Supplier<Surrogate>) () -> new SlayerExponential(0, 1), "SlayerExponential.scale must be a finite number > 0, got 0.0"),
                Arguments.of((Supplier<Surrogate>) () -> new SlayerExponential(1, -3), "SlayerExponential.tauRho must be a finite number > 0, got -3.0"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidArguments")
    void invalidArgumentsAreRejectedNamingFieldAndValue(Supplier<Surrogate> make, String message) {
        assertThatThrownBy(make::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void invalidJsonValueIsRejectedOnRead() {
        ObjectMapper mapper = new ObjectMapper();
        assertThatThrownBy(() -> mapper.readValue("{\"@class\":\"org.dl4j.snn.surrogate.ATan\",\"alpha\":-3}",
                Surrogate.class)).hasRootCauseMessage("ATan.alpha must be a finite number > 0, got -3.0");
    }
}
