package org.dl4j.snn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dl4j.snn.testing.Golden;
import org.dl4j.snn.testing.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every loss case of the golden manifest (SpikingJelly / closed form, logits [T, N, C]) against the DL4J losses:
 * loss value (computeScore, average) and dL/dlogits (computeGradient divided by N, DL4J's updater convention).
 */
class LossGoldenTest {
    private static final Logger log = LoggerFactory.getLogger(LossGoldenTest.class);
    private static final double VALUE_REL_TOL = 1e-6;
    private static final double GRAD_ABS_TOL = 1e-7;
    // float32 keeps ~7 digits; sums over C and T lose a few ulps.
    private static final double VALUE_REL_TOL_F32 = 2e-6;
    private static final double GRAD_ABS_TOL_F32 = 2e-7;

    private static List<Golden.Case> lossCases;

    @BeforeAll
    static void load() {
        lossCases = Golden.load().cases().stream().filter(c -> c.kind().equals("loss")).toList();
    }

    /** Maps a manifest loss case to its DL4J loss; a case that does not map is a failure. */
    static TemporalLoss lossFor(Golden.Case c) {
        return lossFor(c.name(), c.json());
    }

    static TemporalLoss lossFor(String name, JsonNode json) {
        JsonNode p = json.get("params");
        double lambda = p.get("lambda").asDouble();
        double eps = p.get("label_smoothing").asDouble();
        String kind = json.get("loss").asText();
        switch (kind) {
            case "tet": {
                String weighting = p.get("lambda_weighting").isNull() ? "paper" : p.get("lambda_weighting").asText();
                TetLoss.Weighting w = switch (weighting) {
                    case "paper" -> TetLoss.Weighting.PAPER;
                    case "additive" -> TetLoss.Weighting.ADDITIVE;
                    default -> throw new AssertionError("case " + name + ": unknown lambda_weighting " + weighting);
                };
                double phi = p.get("phi").isNull() ? 1.0 : p.get("phi").asDouble();
                return new TetLoss(lambda, phi, w, eps);
            }
            case "lts":
                assertThat(lambda).as(name + " lambda").isZero();
                return new LtsLoss(eps);
            case "sdt":
                assertThat(lambda).as(name + " lambda").isZero();
                return new SdtLoss(eps);
            default:
                throw new AssertionError("golden loss case " + name + " has loss '" + kind
                        + "' that no DL4J loss implements");
        }
    }

    /** [T, N, C] time-major fixture -> DL4J [N, C, T]. */
    static INDArray timeLast(Npy.Array a, DataType dt) {
        return Nd4j.create(a.data(), a.shape(), DataType.DOUBLE).permute(1, 2, 0).dup('c').castTo(dt);
    }

    static INDArray array(Npy.Array a, DataType dt) {
        return Nd4j.create(a.data(), a.shape(), DataType.DOUBLE).castTo(dt);
    }

    record Errors(double valueRel, double gradAbs) {}

    static Errors compare(Golden.Case c, DataType dt, boolean repeatLabels) {
        TemporalLoss loss = lossFor(c);
        INDArray logits = timeLast(c.array("logits"), dt);
        INDArray labels = array(c.array("labels_onehot"), dt);
        long n = logits.size(0);
        long steps = logits.size(2);
        if (repeatLabels) {
            labels = labels.reshape(n, labels.size(1), 1).repeat(2, steps);
        }
        double expected = c.json().get("loss_value").asDouble();
        INDArray expectedGrad = timeLast(c.array("grad_logits"), DataType.DOUBLE);

        double value = loss.computeScore(labels, logits, new ActivationIdentity(), null, true);
        INDArray grad = loss.computeGradient(labels, logits, new ActivationIdentity(), null)
                .castTo(DataType.DOUBLE).divi(n);
        assertThat(grad.shape()).isEqualTo(logits.shape());
        double valueRel = Math.abs(value - expected) / Math.abs(expected);
        double gradAbs = grad.sub(expectedGrad).amaxNumber().doubleValue();

        // computeGradientAndScore must agree with the two separate calls.
        var both = loss.computeGradientAndScore(labels, logits, new ActivationIdentity(), null, true);
        assertThat(both.getFirst()).isCloseTo(value, org.assertj.core.data.Offset.offset(1e-12 * Math.abs(value)));
        assertThat(both.getSecond().castTo(DataType.DOUBLE).divi(n).sub(grad).amaxNumber().doubleValue())
                .isLessThanOrEqualTo(1e-15);
        return new Errors(valueRel, gradAbs);
    }

    @Test
    void everyGoldenLossCaseMatchesInFloat64AndFloat32() {
        assertThat(lossCases).as("loss cases in the manifest").isNotEmpty();
        Map<String, String> report = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Golden.Case c : lossCases) {
            Errors e64 = compare(c, DataType.DOUBLE, false);
            Errors e64rep = compare(c, DataType.DOUBLE, true);
            Errors e32 = compare(c, DataType.FLOAT, false);
            String line = String.format(java.util.Locale.ROOT,
                    "f64 value rel %.2e grad abs %.2e | repeated labels %.2e / %.2e | f32 value rel %.2e grad abs %.2e",
                    e64.valueRel(), e64.gradAbs(), e64rep.valueRel(), e64rep.gradAbs(), e32.valueRel(), e32.gradAbs());
            report.put(c.name(), line);
            log.info("golden loss {}: {}", c.name(), line);
            if (e64.valueRel() > VALUE_REL_TOL || e64.gradAbs() > GRAD_ABS_TOL
                    || e64rep.valueRel() > VALUE_REL_TOL || e64rep.gradAbs() > GRAD_ABS_TOL) {
                failures.add(c.name() + " (float64): " + line);
            }
            if (e32.valueRel() > VALUE_REL_TOL_F32 || e32.gradAbs() > GRAD_ABS_TOL_F32) {
                failures.add(c.name() + " (float32): " + line);
            }
        }
        if (!failures.isEmpty()) {
            fail("golden loss mismatches:\n" + String.join("\n", failures));
        }
        // Every loss case of the manifest was run (none skipped, none unmapped).
        assertThat(report.keySet()).containsExactlyElementsOf(lossCases.stream().map(Golden.Case::name).toList());
        assertThat(report.keySet()).contains("tet_lambda0", "tet_lambda0.05", "tet_lambda0.05_additive",
                "tet_ls0.1", "lts", "sdt");
    }

    @Test
    void aGoldenLossKindWithoutImplementationIsAFailureNotASkip() throws Exception {
        JsonNode fake = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(
                "{\"name\":\"x\",\"kind\":\"loss\",\"loss\":\"focal\",\"params\":{\"lambda\":0,\"label_smoothing\":0}}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lossFor("x", fake))
                .isInstanceOf(AssertionError.class).hasMessageContaining("focal");
    }
}
