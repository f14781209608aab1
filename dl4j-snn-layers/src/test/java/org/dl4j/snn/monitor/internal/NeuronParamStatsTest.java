package org.dl4j.snn.monitor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dl4j.snn.monitor.ParamStats;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NeuronParamStatsTest {

    @Test
    void quantilesInterpolateLinearlyLikeNumpy() {
        // numpy: np.quantile([3,1,4,1,5,9,2,6], [.05,.25,.5,.75,.95]) = [1.0, 1.75, 3.5, 5.25, 7.95]
        ParamStats s = ParamStats.of("theta", new double[] {3, 1, 4, 1, 5, 9, 2, 6});
        assertThat(s.count()).isEqualTo(8);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.mean()).isEqualTo(3.875);
        assertThat(s.max()).isEqualTo(9);
        assertThat(s.quantiles()).containsExactly(new double[] {1.0, 1.75, 3.5, 5.25, 7.95}, within(1e-12));
    }

    @Test
    void aSingleValueIsEveryStatistic() {
        ParamStats s = ParamStats.of("tau", new double[] {2.5});
        assertThat(s.quantiles()).containsOnly(2.5);
        assertThat(s.min()).isEqualTo(2.5);
        assertThat(s.max()).isEqualTo(2.5);
        assertThatThrownBy(() -> ParamStats.of("v0", new double[0])).hasMessageContaining("v0");
    }

    @Test
    void tauIsDerivedFromTauWAsOneOverSigmoid() {
        // PLIF init w = -ln(tau0 - 1): w = 0 -> tau 2, w = -ln 3 -> tau 4; w = 2 -> 1 + e^-2.
        Map<String, INDArray> table = new LinkedHashMap<>();
        table.put("W", Nd4j.ones(3, 3));
        table.put("v0", Nd4j.createFromArray(0.4f, 0.6f).reshape(1, 2));
        table.put("tauW", Nd4j.createFromArray(0.0, -Math.log(3), 2.0).reshape(1, 3));
        table.put("theta", Nd4j.createFromArray(new double[][] {{1.0, 1.25}, {1.5, 2.0}}));

        Map<String, ParamStats> stats = NeuronParamStats.of(table);

        assertThat(stats.keySet()).containsExactly("tau", "theta", "v0");
        ParamStats tau = stats.get("tau");
        assertThat(tau.count()).isEqualTo(3);
        assertThat(tau.min()).isCloseTo(1 + Math.exp(-2), within(1e-12));
        assertThat(tau.max()).isCloseTo(4, within(1e-12));
        assertThat(tau.mean()).isCloseTo((2 + 4 + 1 + Math.exp(-2)) / 3, within(1e-12));
        assertThat(tau.q50()).isCloseTo(2, within(1e-12));
        assertThat(tau.q95()).isCloseTo(3.8, within(1e-12));
        assertThat(NeuronParamStats.tauOf(0)).isEqualTo(2);

        ParamStats theta = stats.get("theta");
        assertThat(theta.count()).isEqualTo(4);
        assertThat(theta.mean()).isCloseTo(1.4375, within(1e-12));
        assertThat(theta.q50()).isCloseTo(1.375, within(1e-12));
        assertThat(stats.get("v0").mean()).isCloseTo(0.5, within(1e-6));
    }

    @Test
    void layersWithoutNeuronParametersHaveNoStatistics() {
        assertThat(NeuronParamStats.of(Map.of("W", Nd4j.ones(2, 2), "b", Nd4j.zeros(1, 2)))).isEmpty();
        assertThat(NeuronParamStats.of(null)).isEmpty();
    }
}
