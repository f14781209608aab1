package org.dl4j.snn.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.dl4j.snn.neuron.internal.LearnableParam;
import org.dl4j.snn.neuron.internal.Variants;
import org.dl4j.snn.surrogate.SlayerExponential;
import org.dl4j.snn.surrogate.Triangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** Defaults, validation messages, learnable-parameter declarations and JSON round trips of {@link NeuronConfig}. */
class NeuronConfigTest {

    @Test
    void defaultsAreSpikingJellyLif() {
        NeuronConfig c = NeuronConfig.builder().build();
        assertThat(c.model()).isEqualTo(NeuronModel.LIF);
        assertThat(c.tau()).isEqualTo(2);
        assertThat(c.decayInput()).isTrue();
        assertThat(c.theta()).isEqualTo(1);
        assertThat(c.reset()).isEqualTo(Reset.HARD);
        assertThat(c.vReset()).isZero();
        assertThat(c.detachReset()).isFalse();
        assertThat(c.surrogate()).isEqualTo(new org.dl4j.snn.surrogate.ATan(2));
        assertThat(c.spiking()).isTrue();
        assertThat(c.v0Mode()).isEqualTo(V0Mode.REST);
        assertThat(c.currentDecay()).isEqualTo(0.25);
        assertThat(LearnableParam.of(c)).isEmpty();
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                bad(b -> b.tau(0.5), "tau = 0.5"),
                bad(b -> b.tau(Double.NaN), "tau = NaN"),
                bad(b -> b.tau(1).learnTau(true), "tau = 1.0: must be > 1 when learnTau"),
                bad(b -> b.model(NeuronModel.IF).learnTau(true), "learnTau = true"),
                bad(b -> b.model(NeuronModel.CUBA_LIF).currentDecay(-0.1), "currentDecay = -0.1"),
                bad(b -> b.model(NeuronModel.CUBA_LIF).currentDecay(1.5), "currentDecay = 1.5"),
                bad(b -> b.reset(Reset.SOFT).vReset(-1), "vReset = -1.0"),
                bad(b -> b.theta(-0.5), "theta = -0.5"),
                bad(b -> b.vReset(2), "theta = 1.0: must be > vReset = 2.0"),
                bad(b -> b.theta(Double.POSITIVE_INFINITY), "theta = Infinity"),
                bad(b -> b.surrogate(null), "surrogate = null"),
                bad(b -> b.spiking(false).learnTheta(true), "learnTheta = true"),
                bad(b -> b.spiking(false).detachReset(true), "detachReset = true"),
                bad(b -> b.thetaJitter(0.01), "thetaJitter = 0.01: needs learnTheta"),
                bad(b -> b.learnTheta(true).thetaJitter(-1), "thetaJitter = -1.0"),
                bad(b -> b.v0Mode(V0Mode.FIXED).v0(Double.NaN), "v0 = NaN"),
                bad(b -> b.v0Range(0.1), "v0Range = 0.1: needs v0Mode = LEARNABLE"),
                bad(b -> b.v0Mode(V0Mode.LEARNABLE).v0Range(-0.1), "v0Range = -0.1"),
                bad(b -> b.model(null), "model = null"),
                bad(b -> b.thetaScope(null), "thetaScope = null"));
    }

    private static Arguments bad(UnaryOperator<NeuronConfig.Builder> edit, String message) {
        return Arguments.of(edit, message);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidConfigs")
    void buildRejectsInvalidValuesNamingFieldAndValue(UnaryOperator<NeuronConfig.Builder> edit, String message) {
        assertThatThrownBy(() -> edit.apply(NeuronConfig.builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("NeuronConfig.")
                .hasMessageContaining(message);
    }

    @Test
    void cubaDefaultsToUndecayedInputButHonoursAnExplicitChoice() {
        assertThat(NeuronConfig.builder().model(NeuronModel.CUBA_LIF).build().decayInput()).isFalse();
        assertThat(NeuronConfig.builder().model(NeuronModel.CUBA_LIF).decayInput(true).build().decayInput()).isTrue();
        assertThat(NeuronConfig.builder().decayInput(false).build().decayInput()).isFalse();
    }

    @Test
    void learnableParamsAreDeclaredInFixedOrderWithScopesAndInitialValues() {
        NeuronConfig c = NeuronConfig.builder().tau(3).learnTau(true).tauScope(Scope.CHANNEL)
                .learnTheta(true).theta(2).thetaJitter(1e-2).thetaScope(Scope.NEURON)
                .v0Mode(V0Mode.LEARNABLE).v0(0.5).v0Range(0.1).v0Scope(Scope.LAYER).build();
        List<LearnableParam> ps = LearnableParam.of(c);
        assertThat(ps).extracting(LearnableParam::name).containsExactly("tauW", "theta", "v0");
        assertThat(ps).extracting(LearnableParam::scope).containsExactly(Scope.CHANNEL, Scope.NEURON, Scope.LAYER);
        assertThat(ps).extracting(p -> p.length(4, 9)).containsExactly(4, 36, 1);
        Random rng = new Random(1);
        double[] w = ps.get(0).initialValues(4, 9, rng);
        assertThat(w).containsOnly(-Math.log(2));
        assertThat(1 / (1 + Math.exp(-w[0]))).as("sigmoid(w) = 1/tau").isCloseTo(1 / 3.0, within(1e-15));
        double[] theta = ps.get(1).initialValues(400, 25, rng);
        double mean = java.util.Arrays.stream(theta).average().orElseThrow();
        double var = java.util.Arrays.stream(theta).map(t -> (t - mean) * (t - mean)).average().orElseThrow();
        assertThat(mean).isCloseTo(2, within(1e-3));
        assertThat(Math.sqrt(var)).isCloseTo(1e-2, within(1e-3));
        double[] v0 = new LearnableParam("v0", Scope.NEURON, 0.5, 0, 0.1).initialValues(100, 10, rng);
        assertThat(java.util.Arrays.stream(v0).boxed().toList()).allSatisfy(v -> assertThat(v).isBetween(0.4, 0.6));
        assertThat(java.util.Arrays.stream(v0).max().orElseThrow()).isGreaterThan(0.59);
        assertThat(java.util.Arrays.stream(v0).min().orElseThrow()).isLessThan(0.41);
    }

    static Stream<NeuronConfig> configs() {
        return Stream.concat(Variants.all().stream().map(Variants.Variant::config), Stream.of(
                NeuronConfig.builder().learnTheta(true).thetaJitter(1e-4).theta(2).build(),
                NeuronConfig.builder().model(NeuronModel.CUBA_LIF).surrogate(new SlayerExponential(1.5, 3.75))
                        .currentDecay(0.1).tau(1 / 0.03).build(),
                NeuronConfig.builder().v0Mode(V0Mode.LEARNABLE).v0(0.5).v0Range(0.1).v0Scope(Scope.CHANNEL)
                        .surrogate(new Triangle(0.5)).build()));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void jsonRoundTripThroughShadedJacksonAndDl4jMapperIsExact(NeuronConfig c) throws Exception {
        for (ObjectMapper mapper : new ObjectMapper[] {new ObjectMapper(), NeuralNetConfiguration.mapper()}) {
            String json = mapper.writeValueAsString(c);
            NeuronConfig back = mapper.readValue(json, NeuronConfig.class);
            assertThat(back).isEqualTo(c).hasSameHashCodeAs(c);
            assertThat(back.toString()).isEqualTo(c.toString());
            assertThat(mapper.writeValueAsString(back)).isEqualTo(json);
        }
    }

    @Test
    void jsonWithAnInvalidValueIsRejectedOnRead() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(NeuronConfig.builder().tau(3).build()).replace("\"tau\":3.0",
                "\"tau\":0.2");
        assertThatThrownBy(() -> mapper.readValue(json, NeuronConfig.class))
                .hasRootCauseMessage("NeuronConfig.tau = 0.2: must be a finite number >= 1 (the decay 1/tau must"
                        + " lie in (0, 1])");
    }

    @Test
    void toBuilderReproducesTheConfig() {
        configs().forEach(c -> assertThat(c.toBuilder().build()).isEqualTo(c));
    }
}
