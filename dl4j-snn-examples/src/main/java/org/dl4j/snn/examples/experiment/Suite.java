package org.dl4j.snn.examples.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A named set of {@link Arm}s with its seeds, target accuracy, the comparisons its results file judges and notes on
 * how it differs from the paper's setting. {@link #named} holds the paper settings, sized for a 2-core CPU.
 *
 * @param comparisons pairs whose difference the results file states, with the claim being tested
 * @param notes       how the setting deviates from the paper (for the results file)
 */
public record Suite(String name, String title, List<Arm> arms, int seeds, double target,
                    List<Comparison> comparisons, List<String> notes) {

    /**
     * "{@code a} beats {@code b}" as some paper claims; {@code deadLayer} >= 0 also compares that layer's
     * dead-neuron fraction at the last epoch (claim: lower for {@code a}).
     */
    public record Comparison(String a, String b, String claim, int deadLayer) {}

    public static final List<String> NAMES = List.of("ablation", "losses", "rouser", "bad-threshold", "static");

    /** Rouser's binning of N-MNIST: 300 steps of 1 ms, so lava-dl's per-ms decays apply uncompounded. */
    static final int ROUSER_STEPS = 300;
    static final int ROUSER_EPOCHS = 20;

    private static final String PLIF_PAPER = "PLIF paper, N-MNIST, conv net, full 60k: ";

    /** The suite called {@code name}; {@code mnistRoot} is unused except by the static suite's notes. */
    public static Suite named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ablation" -> new Suite("ablation", "N-MNIST ablation: LIF / PLIF / +theta / +v0 (SDT)",
                    List.of(nmnist("ablation", "lif", "sdt", 10).withPaper(PLIF_PAPER + "LIF tau=2 99.64 %"),
                            nmnist("ablation", "plif", "sdt", 10).withPaper(PLIF_PAPER + "PLIF tau0=2 99.61 %"),
                            nmnist("ablation", "plif+theta", "sdt", 10),
                            nmnist("ablation", "plif+theta+v0", "sdt", 10)),
                    3, 0.90,
                    List.of(new Comparison("plif / sdt", "lif / sdt", "PLIF: learning tau helps", -1),
                            new Comparison("plif+theta / sdt", "plif / sdt", "STL-SNN / Rouser: learning theta helps", 1),
                            new Comparison("plif+theta+v0 / sdt", "plif+theta / sdt", "IMP-SNN: learning v0 helps", -1)),
                    List.of("Network: train's default preset nmnist_mlp (2312-500-500-10, tau 2, theta 1, ATan(2), "
                            + "leaky-integrator readout, T=10 frames by event count, batch 16, Adam 1e-3); the plif "
                            + "row is exactly train's default network and data order for its seed.",
                            "Data: the bundled real N-MNIST sample (1,000 train / 100 test recordings), not the full "
                            + "60k / 10k set the paper numbers are for; one test recording is 1 percentage point."));
            case "losses" -> new Suite("losses", "N-MNIST, PLIF: SDT / TET / label-smoothed TET / LTS",
                    List.of(nmnist("losses", "plif", "sdt", 3), nmnist("losses", "plif", "tet", 3),
                            nmnist("losses", "plif", "lstet", 3), nmnist("losses", "plif", "lts", 3)),
                    3, 0.90,
                    List.of(new Comparison("plif / tet", "plif / sdt", "TET beats SDT", -1),
                            new Comparison("plif / lstet", "plif / sdt", "label-smoothed TET beats SDT", -1),
                            new Comparison("plif / lts", "plif / sdt", "LTS beats SDT (claimed for static data)", -1)),
                    List.of("Same network and data as the ablation's plif row, fewer epochs (see the table) to fit the budget.",
                            "lstet: label smoothing eps 0.1 (train's preset; IMP-SNN uses 0.01)."));
            case "rouser" -> new Suite("rouser", "Rouser's setting: CUBA LIF MLP, spike-rate loss, theta learned vs "
                    + "frozen",
                    List.of(cuba("rouser", "cuba", "Th_init 1.25, frozen", 1.25, 1e-3, 1.5, 3.75)
                                    .withPaper("98.89 %; dead L1/L2 % ep5 66/72, ep10 48/56, ep20 11/37"),
                            cuba("rouser", "cuba+theta", "Th_init 1.25, lrTh 1e-3", 1.25, 1e-3, 1.5, 3.75)
                                    .withPaper("99.21 %; dead L1/L2 % ep5 53/63, ep10 51/0, ep20 27/0")),
                    3, 0.90,
                    List.of(new Comparison("cuba+theta / rate / Th_init 1.25, lrTh 1e-3",
                            "cuba / rate / Th_init 1.25, frozen", "Rouser: learned threshold beats frozen and "
                            + "rouses dead neurons (layer 2)", 1)),
                    rouserNotes());
            case "bad-threshold" -> new Suite("bad-threshold", "Rouser's bad-threshold ablation, plus a too-high "
                    + "initial threshold",
                    List.of(cuba("bad-threshold", "cuba+theta", "Th_init 0.25, s 3, tau 3, lrTh 0.01", 0.25, 0.01,
                                    3, 3).withPaper("~80 % at 50 epochs"),
                            cuba("bad-threshold", "cuba", "Th_init 0.25, s 3, tau 3, frozen", 0.25, 0.01, 3, 3)
                                    .withPaper("~10 % at 50 epochs"),
                            cuba("bad-threshold", "cuba+theta", "Th_init 5, lrTh 0.01", 5.0, 0.01, 1.5, 3.75),
                            cuba("bad-threshold", "cuba", "Th_init 5, frozen", 5.0, 0.01, 1.5, 3.75)),
                    3, 0.50,
                    List.of(new Comparison("cuba+theta / rate / Th_init 0.25, s 3, tau 3, lrTh 0.01",
                                    "cuba / rate / Th_init 0.25, s 3, tau 3, frozen",
                                    "Rouser: with a bad threshold only the learned one trains", 1),
                            new Comparison("cuba+theta / rate / Th_init 5, lrTh 0.01", "cuba / rate / Th_init 5, frozen",
                                    "a learned threshold recovers from a too-high initial one", 1)),
                    rouserNotes());
            case "static" -> {
                List<Arm> arms = new ArrayList<>();
                for (String v : List.of("plif", "plif+v0")) {
                    for (String l : List.of("sdt", "tet", "lts")) {
                        Arm a = new Arm("static", "mnist", v, l, "", 3, 4, 256, 32, 1e-3, 1.0, 1e-3, 1.5, 3.75, "");
                        if (v.equals("plif")) {
                            a = a.withPaper("ImageNet SEW-R18 (IMP-SNN, no IMP): " + switch (l) {
                                case "sdt" -> "63.21 %";
                                case "tet" -> "62.92 %";
                                default -> "64.33 %";
                            });
                        }
                        arms.add(a);
                    }
                }
                yield new Suite("static", "Static MNIST, direct encoding: SDT / TET / LTS, IMP (learned v0) off / on",
                        arms, 1, 0.95,
                        List.of(new Comparison("plif / lts", "plif / sdt", "IMP-SNN: LTS beats SDT on static data", -1),
                                new Comparison("plif / tet", "plif / sdt", "TET beats SDT", -1),
                                new Comparison("plif+v0 / sdt", "plif / sdt", "IMP: learned v0 helps (SDT)", -1),
                                new Comparison("plif+v0 / tet", "plif / tet", "IMP: learned v0 helps (TET)", -1),
                                new Comparison("plif+v0 / lts", "plif / lts", "IMP: learned v0 helps (LTS)", -1)),
                        List.of("Network: train's mnist preset MLP 784-256-256-10 PLIF (tau0 2, ATan), direct "
                                + "encoding T=4 (the image as input current at every step), batch 32, Adam 1e-3.",
                                "Data: the real MNIST test set (10,000 images) split 8,000 train / 2,000 test with a "
                                + "fixed seed (below); not the 60k / 10k protocol."));
            }
            default -> throw new IllegalArgumentException("unknown suite '" + name + "'; the suites are " + NAMES);
        };
    }

    /**
     * Every variant with every loss (duplicates dropped, losses outer) on one dataset as suite "custom"; CUBA arms get
     * the Rouser setting's threshold (1.25; learned with rate 1e-3 for {@code cuba+theta}, else frozen). Each arm is
     * compared with the first.
     */
    public static Suite custom(String dataset, List<String> variants, List<String> losses, int epochs, int steps,
                               int width, int batch, int seeds, double target) {
        List<Arm> arms = new ArrayList<>();
        for (String l : new LinkedHashSet<>(losses)) {
            for (String v : new LinkedHashSet<>(variants)) {
                Arm a = Arm.plain("custom", dataset, v, l, epochs, steps, width, batch, 1e-3);
                if (a.parsed().base().equals("cuba")) {
                    a = new Arm("custom", dataset, v, l, a.parsed().learnTheta() ? "Th_init 1.25, lrTh 1e-3"
                            : "Th_init 1.25, frozen", a.epochs(), steps, width, batch,
                            1e-3, 1.25, 1e-3, 1.5, 3.75, "");
                }
                arms.add(a);
            }
        }
        List<Comparison> cmp = new ArrayList<>();
        for (int i = 1; i < arms.size(); i++) {
            cmp.add(new Comparison(arms.get(i).label(), arms.get(0).label(),
                    arms.get(i).label() + " beats " + arms.get(0).label(), -1));
        }
        return new Suite("custom", "Experiment: " + String.join(", ", variants) + " x " + String.join(", ", losses)
                + " on " + dataset, arms, seeds, target, cmp, List.of());
    }

    /** This suite with every arm's epochs, the seeds and the target replaced where given (null keeps them). */
    public Suite with(Integer epochs, Integer seeds, Double target) {
        List<Arm> a = arms.stream().map(arm -> epochs == null ? arm : arm.withEpochs(epochs)).toList();
        return new Suite(name, title, a, seeds != null ? seeds : this.seeds, target != null ? target : this.target,
                comparisons, notes);
    }

    /**
     * This suite with only the arms numbered {@code rows} (from 1, in the suite's order; duplicates dropped), and only
     * the comparisons between arms it keeps.
     *
     * @throws IllegalArgumentException for a number outside 1..arms
     */
    public Suite only(List<Integer> rows) {
        List<Arm> kept = new ArrayList<>();
        for (int r : new java.util.TreeSet<>(rows)) {
            if (r < 1 || r > arms.size()) {
                throw new IllegalArgumentException("--arms: suite " + name + " has rows 1.." + arms.size() + ", got "
                        + r);
            }
            kept.add(arms.get(r - 1));
        }
        List<String> labels = kept.stream().map(Arm::label).toList();
        List<Comparison> cmp = comparisons.stream()
                .filter(c -> labels.contains(c.a()) && labels.contains(c.b())).toList();
        return new Suite(name, title, kept, seeds, target, cmp, notes);
    }

    private static Arm nmnist(String suite, String variant, String loss, int epochs) {
        return Arm.plain(suite, "nmnist", variant, loss, epochs, 10, 500, 16, 1e-3);
    }

    private static Arm cuba(String suite, String variant, String setting, double theta0, double thetaLr, double s,
                            double tauRho) {
        return new Arm(suite, "nmnist", variant, "rate", setting, ROUSER_EPOCHS, ROUSER_STEPS, 500, 16, 1e-3, theta0,
                thetaLr, s, tauRho, "");
    }

    private static List<String> rouserNotes() {
        return List.of("Network: 2312-500-500-10 lava-dl CUBA LIF (every layer spiking, no biases), Kaiming init as "
                        + "lava-dl's synapses get it (PyTorch's default kaiming_uniform_(a = sqrt 5): "
                        + "U(+-1/sqrt fan_in)), SLAYER exponential surrogate, reset detached from the backward pass "
                        + "(lava-dl's backward does not see it), spike-rate MSE (true 0.2 / others 0.03, summed over "
                        + "classes), Adam lrW 1e-3, thresholds one per neuron with their own Adam learning rate; "
                        + "batch 16.",
                "Time: as the paper, 300 bins of 1 ms (the first 300 ms of each recording), lava-dl's per-ms "
                        + "decays used as they are (current 0.25, voltage 0.03 per step).",
                "Deviation: the bundled 1,000 / 100 sample, not the full N-MNIST 60k / 10k the paper's numbers are "
                        + "for (one test recording is 1 percentage point); epochs as in the table (paper: 20-50).",
                "Deviation: lava-dl's cuba.Dense block also quantises the weights it applies to 8 bits (steps of "
                        + "1/32, which rounds most initial first-layer weights, |w| < 1/sqrt(2312), to 0); not here, "
                        + "so fewer neurons start dead than the paper's 68-70 %.");
    }
}
