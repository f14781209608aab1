package org.dl4j.snn.examples.experiment;

import java.util.Locale;
import java.util.Objects;

/**
 * One row of an experiment: a network variant, a loss and the settings it trains with; run once per seed.
 * Everything but the fields that name the difference is the same across the arms of a suite.
 *
 * @param suite     the suite it belongs to (a name, e.g. {@code ablation})
 * @param dataset   {@code nmnist} or {@code mnist}
 * @param variant   neuron and learnable parameters, {@code base[+theta][+v0]} with base lif, plif or cuba
 * @param loss      sdt, tet, lstet, lts (PLIF / LIF networks) or rate (lava-dl spike rate, CUBA networks)
 * @param setting   what else distinguishes the arm (e.g. {@code Th_init 0.25}); empty when nothing
 * @param epochs    training epochs
 * @param steps     time steps T
 * @param width     hidden units per layer (two hidden layers)
 * @param batch     mini-batch size
 * @param lr        Adam learning rate of the weights
 * @param theta0    initial threshold
 * @param thetaLr   Adam learning rate of the thresholds (CUBA networks: their own updater; others: ignored, the
 *                  thresholds use {@code lr})
 * @param slayerScale SLAYER surrogate scale s (CUBA networks)
 * @param slayerTau   SLAYER surrogate tau_rho (CUBA networks)
 * @param paper     the paper's number for this arm, or empty
 */
public record Arm(String suite, String dataset, String variant, String loss, String setting, int epochs, int steps,
                  int width, int batch, double lr, double theta0, double thetaLr, double slayerScale,
                  double slayerTau, String paper) {

    public Arm {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(paper, "paper");
        dataset = dataset.toLowerCase(Locale.ROOT);
        variant = variant.toLowerCase(Locale.ROOT);
        loss = loss.toLowerCase(Locale.ROOT);
        if (!dataset.equals("nmnist") && !dataset.equals("mnist")) {
            throw new IllegalArgumentException("--dataset must be nmnist or mnist, got " + dataset);
        }
        Variant.parse(variant);
        if (epochs < 1 || steps < 1 || width < 1 || batch < 1) {
            throw new IllegalArgumentException("epochs, steps, width and batch must be >= 1; got epochs " + epochs
                    + ", T " + steps + ", width " + width + ", batch " + batch);
        }
    }

    /** A PLIF-family arm with the defaults of {@code train}'s presets (theta 1, ATan). */
    public static Arm plain(String suite, String dataset, String variant, String loss, int epochs, int steps,
                            int width, int batch, double lr) {
        return new Arm(suite, dataset, variant, loss, "", epochs, steps, width, batch, lr, 1.0, lr, 1.5, 3.75, "");
    }

    public Arm withEpochs(int e) {
        return new Arm(suite, dataset, variant, loss, setting, e, steps, width, batch, lr, theta0, thetaLr,
                slayerScale, slayerTau, paper);
    }

    public Arm withSteps(int t) {
        return new Arm(suite, dataset, variant, loss, setting, epochs, t, width, batch, lr, theta0, thetaLr,
                slayerScale, slayerTau, paper);
    }

    public Arm withPaper(String p) {
        return new Arm(suite, dataset, variant, loss, setting, epochs, steps, width, batch, lr, theta0, thetaLr,
                slayerScale, slayerTau, p);
    }

    /** The row's name in tables: variant, loss and setting. */
    public String label() {
        return variant + " / " + loss + (setting.isEmpty() ? "" : " / " + setting);
    }

    /** The neuron variant, parsed. */
    public Variant parsed() {
        return Variant.parse(variant);
    }

    /**
     * A variant: base neuron and which neuron parameters are learned.
     *
     * @param base       lif, plif (learned tau, one per layer) or cuba (lava-dl current-based LIF)
     * @param learnTheta threshold learned, one per neuron
     * @param learnV0    initial membrane potential learned, one per neuron (IMP-SNN)
     */
    public record Variant(String base, boolean learnTheta, boolean learnV0) {
        public static Variant parse(String s) {
            String[] parts = s.trim().toLowerCase(Locale.ROOT).split("\\+");
            String base = parts[0];
            if (!base.equals("lif") && !base.equals("plif") && !base.equals("cuba")) {
                throw new IllegalArgumentException("variant '" + s + "': must start with lif, plif or cuba "
                        + "(then +theta and/or +v0), e.g. plif+theta+v0");
            }
            boolean theta = false;
            boolean v0 = false;
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                    case "theta" -> theta = true;
                    case "v0" -> v0 = true;
                    default -> throw new IllegalArgumentException("variant '" + s + "': unknown part '" + parts[i]
                            + "'; allowed after the base: theta, v0");
                }
            }
            return new Variant(base, theta, v0);
        }

        /** The same base with nothing extra learned: the network whose weights every variant starts from. */
        public Variant plain() {
            return new Variant(base.equals("plif") ? "lif" : base, false, false);
        }
    }
}
