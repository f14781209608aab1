package org.dl4j.snn.examples.cli;

import org.dl4j.snn.examples.convert.ConversionData;
import org.dl4j.snn.examples.convert.SpikingJellyReference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.convert.AnnToSnn;
import org.dl4j.snn.convert.Calibration;
import org.dl4j.snn.convert.ScaleRule;
import org.dl4j.snn.convert.SnnConversion;
import org.dl4j.snn.convert.SpikingAccuracy;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TetLoss;
import org.dl4j.snn.neuron.Scope;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convert report}: measures {@link AnnToSnn} against SpikingJelly's ann2snn reference
 * ({@code ../shared/ann2snn}) on the MNIST t10k split (8,000 calibrate / 2,000 test) and writes the tables as
 * Markdown: ANN equivalence, batch-norm folding, scales and accuracy per T and mode against SpikingJelly's (with
 * per-digit disagreements), then the low-latency options (v0 = theta/2, per-channel scales, exact statistics) and a
 * short surrogate-gradient fine-tuning at small T.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reproduce SpikingJelly's ann2snn reference and measure the low-latency options; writes a "
                + "Markdown report.")
public final class ConversionReportCommand implements Callable<Integer> {

    @Option(names = "--reference", defaultValue = "../shared/ann2snn", paramLabel = "DIR",
            description = "SpikingJelly's reference (default ${DEFAULT-VALUE}).")
    Path reference;

    @Option(names = "--root", defaultValue = "../shared/data/mnist-t10k", paramLabel = "DIR",
            description = "MNIST t10k idx files (default ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--output", defaultValue = "dl4j-snn-examples/docs/conversion.md", paramLabel = "FILE",
            description = "Markdown file to write (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--models", split = ",", defaultValue = "mlp,cnn", description = "Reference models (default "
            + "${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = {"-T", "--time-steps"}, split = ",", defaultValue = "8,16,32,64,128",
            description = "T for the comparison with SpikingJelly (default ${DEFAULT-VALUE}).")
    List<Integer> steps;

    @Option(names = "--low-latency-model", defaultValue = "cnn",
            description = "Model for the low-latency options and fine-tuning (default ${DEFAULT-VALUE}; none: skip).")
    String lowLatencyModel;

    @Option(names = "--low-latency-steps", split = ",", defaultValue = "8,16,32",
            description = "T for the low-latency options (default ${DEFAULT-VALUE}).")
    List<Integer> lowLatencySteps;

    @Option(names = "--fine-tune-epochs", defaultValue = "1",
            description = "Epochs of fine-tuning over the 8,000 calibration digits (default ${DEFAULT-VALUE}; 0: "
                    + "skip).")
    int fineTuneEpochs;

    @Option(names = "--test-limit", defaultValue = "0", description = "Test only the first N test digits (default:"
            + " all 2,000).")
    int testLimit;

    private final StringBuilder md = new StringBuilder();

    /** One measured conversion setting: a name and how it changes the converter's builder. */
    private record Variant(String name, UnaryOperator<AnnToSnn.Builder> settings) {
    }

    /** A row of the low-latency tables. */
    private record Row(String name, double[] accuracy, double seconds) {
    }

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        SpikingJellyReference ref = SpikingJellyReference.load(reference);
        int[] ts = sorted(steps);
        line("# ANN to SNN conversion: measured against SpikingJelly");
        line("");
        line("Written by `java -jar dl4j-snn-examples/target/dl4j-snn.jar convert report" + arguments() + "` on "
                + LocalDate.now() + " (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS")
                + "). Do not edit by hand.");
        line("");
        line("Data: the real MNIST t10k set split by position as SpikingJelly's reference (`" + reference + "`, "
                + "SpikingJelly " + "commit afb1322): digits 0..7,999 calibrate (batches of 100 in order), 8,000.."
                + (testLimit > 0 ? 7999 + testLimit : 9999) + " test. ANNs: SpikingJelly's trained MLP "
                + "(784-256-128-10) and CNN (conv16-BN-ReLU-avgpool, conv32-BN-ReLU-avgpool, fc128-ReLU, fc10) "
                + "loaded from `.npz` into DL4J networks. SNN: `AnnToSnn` (IF neurons, threshold 1, soft reset, "
                + "analog input at every step, readout summed over T); accuracy after T steps is the argmax of "
                + "the readout summed over the first T steps of one run.");
        line("");
        for (String model : models) {
            parity(ref, model, ts);
        }
        if (!lowLatencyModel.equals("none")) {
            lowLatency(ref, lowLatencyModel, sorted(lowLatencySteps));
        }
        line("");
        line(String.format(Locale.ROOT, "Total time of this report: %.0f s.", (System.nanoTime() - start) / 1e9));
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(output, md.toString());
        System.out.println("dl4j-snn convert report: wrote " + output);
        return 0;
    }

    private String arguments() {
        StringBuilder s = new StringBuilder();
        if (!models.equals(List.of("mlp", "cnn"))) {
            s.append(" --models ").append(String.join(",", models));
        }
        if (!steps.equals(List.of(8, 16, 32, 64, 128))) {
            s.append(" -T ").append(join(steps));
        }
        if (!lowLatencyModel.equals("cnn")) {
            s.append(" --low-latency-model ").append(lowLatencyModel);
        }
        if (!lowLatencySteps.equals(List.of(8, 16, 32))) {
            s.append(" --low-latency-steps ").append(join(lowLatencySteps));
        }
        if (fineTuneEpochs != 1) {
            s.append(" --fine-tune-epochs ").append(fineTuneEpochs);
        }
        if (testLimit > 0) {
            s.append(" --test-limit ").append(testLimit);
        }
        return s.toString();
    }

    private static String join(List<Integer> v) {
        return String.join(",", v.stream().map(String::valueOf).toList());
    }

    private static int[] sorted(List<Integer> v) {
        return v.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    }

    private void line(String s) {
        md.append(s).append('\n');
        System.err.println(s);
    }

    private ConversionData data(String model) {
        return ConversionData.load(ConversionData.Dataset.MNIST, root, ConversionData.SPLIT, testLimit, 100,
                model.equals("mlp"));
    }

    private void parity(SpikingJellyReference ref, String model, int[] ts) {
        MultiLayerNetwork ann = ref.ann(model);
        ConversionData data = data(model);
        int n = ConversionData.count(data.test());
        line("## " + model.toUpperCase(Locale.ROOT));
        line("");
        double logitDiff = logitDifference(ann, data.test(), ref.annLogits(model));
        double annAcc = ann.evaluate(ConversionData.iterator(data.test())).accuracy();
        line(String.format(Locale.ROOT, "ANN: test accuracy %.2f %% (SpikingJelly %.2f %%); largest |logit - "
                        + "SpikingJelly's logit| over the %d test digits: %.1e.", 100 * annAcc,
                100 * ref.annAccuracy(model), n, logitDiff));
        line("");
        int[][] sjPredictions = null;
        for (String mode : SpikingJellyReference.MODES) {
            long t0 = System.nanoTime();
            SnnConversion c = AnnToSnn.builder().scaleRule(ScaleRule.parse(mode)).steps(ts[ts.length - 1]).build()
                    .convert(ann, ConversionData.iterator(data.calibration()));
            double convertS = (System.nanoTime() - t0) / 1e9;
            if (mode.equals("max") && model.equals("cnn")) {
                foldingCheck(ref, c);
            }
            t0 = System.nanoTime();
            SpikingAccuracy acc = c.evaluate(ConversionData.iterator(data.test()), ts);
            double evalS = (System.nanoTime() - t0) / 1e9;
            float[] sj = ref.lambdas(model, mode);
            line("### " + model + ", mode " + mode + " (SpikingJelly's rule: EMA over batches, one scale per layer, "
                    + "v0 = 0)");
            line("");
            line("| IF layer | lambda (SpikingJelly) | lambda (ours) | difference |");
            line("|---|---|---|---|");
            for (int i = 0; i < sj.length; i++) {
                float ours = c.scales().get(i).lambda()[0];
                line(String.format(Locale.ROOT, "| %d (after `%s`) | %s | %s | %d ulp |", i, c.scales().get(i).layer(),
                        sj[i], ours, Math.abs(Float.floatToIntBits(ours) - Float.floatToIntBits(sj[i]))));
            }
            line("");
            sjPredictions = ref.predictions(model, mode);
            Map<Integer, Double> sjAcc = ref.accuracy(model, mode);
            line("| T | SpikingJelly | ours | difference (points) | digits predicted differently |");
            line("|---|---|---|---|---|");
            for (int i = 0; i < ts.length; i++) {
                int sjIndex = indexOf(SpikingJellyReference.STEPS, ts[i]);
                String sjA = sjIndex < 0 || n != 2000 ? "-" : pct(sjAcc.get(ts[i]));
                String diff = sjIndex < 0 || n != 2000 ? "-"
                        : String.format(Locale.ROOT, "%+.2f", 100 * (acc.accuracy()[i] - sjAcc.get(ts[i])));
                String dis = sjIndex < 0 ? "-" : Integer.toString(disagreements(sjPredictions[sjIndex],
                        acc.predictions()[i]));
                line(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s |", ts[i], sjA, pct(acc.accuracy()[i]),
                        diff, dis));
            }
            line("");
            if (indexOf(ts, 32) >= 0) {
                double[] sjRates = ref.rates(model, mode);
                List<Double> ours = new ArrayList<>(acc.firingRates(32).values());
                StringBuilder r = new StringBuilder("Firing rates over the first 32 steps (spikes per neuron and "
                        + "step), SpikingJelly / ours:");
                for (int i = 0; i < sjRates.length && i < ours.size(); i++) {
                    r.append(String.format(Locale.ROOT, " layer %d %.5f / %.5f%s", i, sjRates[i], ours.get(i),
                            i < sjRates.length - 1 ? ";" : "."));
                }
                line(r.toString());
                line("");
            }
            line(String.format(Locale.ROOT, "Conversion (folding, calibration on 8,000 digits) %.1f s; simulation of "
                    + "%d digits over T = %d %.1f s.", convertS, n, ts[ts.length - 1], evalS));
            line("");
        }
    }

    private void foldingCheck(SpikingJellyReference ref, SnnConversion c) {
        MultiLayerNetwork folded = c.foldedAnn();
        StringBuilder s = new StringBuilder("Batch-norm folding against SpikingJelly's fused convolutions "
                + "(`cnn.sj_fused`):");
        int convIndex = 0;
        for (int i = 0; i < folded.getnLayers(); i++) {
            if (!(folded.getLayerWiseConfigurations().getConf(i).getLayer()
                    instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer)) {
                continue;
            }
            convIndex++;
            for (String p : new String[] {"weight", "bias"}) {
                INDArray ours = folded.getLayer(i).getParam(p.equals("weight") ? "W" : "b");
                INDArray sj = ref.fused("conv" + convIndex + "." + p);
                float[] a = ours.dup('c').data().asFloat();
                float[] b = sj.dup('c').data().asFloat();
                int same = 0;
                double max = 0;
                for (int k = 0; k < a.length; k++) {
                    same += Float.floatToIntBits(a[k]) == Float.floatToIntBits(b[k]) ? 1 : 0;
                    max = Math.max(max, Math.abs(a[k] - b[k]));
                }
                s.append(String.format(Locale.ROOT, " conv%d.%s %d of %d values bit-identical (largest difference "
                        + "%.1e);", convIndex, p, same, a.length, max));
            }
        }
        line(s.substring(0, s.length() - 1) + ".");
        line("");
    }

    private static double logitDifference(MultiLayerNetwork ann, List<DataSet> test, INDArray sjLogits) {
        double max = 0;
        int row = 0;
        int last = ann.getnLayers() - 1;
        for (DataSet d : test) {
            List<INDArray> acts = ann.feedForward(d.getFeatures(), false);
            INDArray in = acts.get(last);
            INDArray logits = in.mmul(ann.getLayer(last).getParam("W")).addRowVector(ann.getLayer(last).getParam("b"));
            INDArray sj = sjLogits.get(NDArrayIndex.interval(row, row + d.numExamples()), NDArrayIndex.all());
            max = Math.max(max, logits.sub(sj).amaxNumber().doubleValue());
            row += d.numExamples();
        }
        return max;
    }

    private static int indexOf(int[] v, int x) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static int disagreements(int[] sj, int[] ours) {
        int d = 0;
        for (int i = 0; i < ours.length; i++) {
            d += sj[i] != ours[i] ? 1 : 0;
        }
        return d;
    }

    private static String pct(double a) {
        return String.format(Locale.ROOT, "%.2f", 100 * a);
    }

    private void lowLatency(SpikingJellyReference ref, String model, int[] ts) {
        MultiLayerNetwork ann = ref.ann(model);
        ConversionData data = data(model);
        double annAcc = ann.evaluate(ConversionData.iterator(data.test())).accuracy();
        int tMax = ts[ts.length - 1];
        line("## Low latency: " + model.toUpperCase(Locale.ROOT) + ", ANN " + pct(annAcc) + " %");
        line("");
        line("Test accuracy (%) after T steps and, in brackets, the loss against the ANN in points. One change at a "
                + "time from SpikingJelly's rule (EMA, one scale per layer, v0 = 0): `v0 = 0.5` starts every membrane"
                + " at half the threshold (Rueckauer et al. 2017; Bu et al. 2022), `per channel` gives every channel "
                + "its own lambda, `exact` takes the statistic over all 8,000 calibration digits instead of the EMA "
                + "over batches.");
        line("");
        List<Variant> variants = new ArrayList<>();
        for (String mode : SpikingJellyReference.MODES) {
            ScaleRule rule = ScaleRule.parse(mode);
            variants.add(new Variant(mode, b -> b.scaleRule(rule)));
            variants.add(new Variant(mode + ", v0 = 0.5", b -> b.scaleRule(rule).initialPotential(0.5)));
            variants.add(new Variant(mode + ", per channel", b -> b.scaleRule(rule).scaleScope(Scope.CHANNEL)));
            variants.add(new Variant(mode + ", exact", b -> b.scaleRule(rule).calibration(Calibration.EXACT)));
            variants.add(new Variant(mode + ", per channel, v0 = 0.5",
                    b -> b.scaleRule(rule).scaleScope(Scope.CHANNEL).initialPotential(0.5)));
        }
        List<Row> rows = new ArrayList<>();
        for (Variant v : variants) {
            long t0 = System.nanoTime();
            SnnConversion c = v.settings().apply(AnnToSnn.builder().steps(tMax)).build()
                    .convert(ann, ConversionData.iterator(data.calibration()));
            SpikingAccuracy acc = c.evaluate(ConversionData.iterator(data.test()), ts);
            rows.add(new Row(v.name(), acc.accuracy(), (System.nanoTime() - t0) / 1e9));
        }
        table(rows, ts, annAcc);
        List<Row> tuned = new ArrayList<>();
        if (fineTuneEpochs > 0) {
            int t = ts[0];
            line("### Fine-tuning at T = " + t);
            line("");
            line("The converted network trained further with surrogate gradients (ATan, alpha 2) through its IF "
                    + "neurons: " + fineTuneEpochs + " epoch(s) over the 8,000 calibration digits (batches of 50, "
                    + "shuffled), Adam 1e-4, at T = " + t + ", then tested at every T (the same network: a longer "
                    + "run is the same network run longer). Starting point: mode 0.5max. Note that this continues "
                    + "training on the ANN's own training digits, so it can pass the ANN.");
            line("");
            List<Variant> ft = List.of(
                    new Variant("0.5max + SDT", b -> b.scaleRule(ScaleRule.fractionOfMax(0.5)).loss(new SdtLoss())),
                    new Variant("0.5max + TET", b -> b.scaleRule(ScaleRule.fractionOfMax(0.5)).loss(new TetLoss())),
                    new Variant("0.5max, learned v0 (from 0.5) + SDT", b -> b.scaleRule(ScaleRule.fractionOfMax(0.5))
                            .initialPotential(0.5).learnInitialPotential(true).loss(new SdtLoss())));
            List<DataSet> trainBatches = ConversionData.batches(
                    org.dl4j.snn.datasets.Mnist.samples(root, org.dl4j.snn.datasets.datavec.Split.TEST), 0,
                    ConversionData.SPLIT, 50, model.equals("mlp"));
            for (Variant v : ft) {
                long t0 = System.nanoTime();
                SnnConversion c = v.settings().apply(AnnToSnn.builder().steps(t).updater(new Adam(1e-4))).build()
                        .convert(ann, ConversionData.iterator(data.calibration()));
                MultiLayerNetwork snn = c.network();
                for (int e = 0; e < fineTuneEpochs; e++) {
                    List<DataSet> order = new ArrayList<>(trainBatches);
                    Collections.shuffle(order, new Random(1000 + e));
                    snn.fit(ConversionData.iterator(order));
                }
                SpikingAccuracy acc = AnnToSnn.evaluate(snn, ConversionData.iterator(data.test()), ts);
                tuned.add(new Row(v.name(), acc.accuracy(), (System.nanoTime() - t0) / 1e9));
            }
            table(tuned, ts, annAcc);
        }
        summary(rows, tuned, ts, annAcc);
    }

    private void table(List<Row> rows, int[] ts, double annAcc) {
        StringBuilder h = new StringBuilder("| setting |");
        StringBuilder sep = new StringBuilder("|---|");
        for (int t : ts) {
            h.append(" T = ").append(t).append(" |");
            sep.append("---|");
        }
        line(h.append(" seconds |").toString());
        line(sep.append("---|").toString());
        for (Row r : rows) {
            StringBuilder s = new StringBuilder("| ").append(r.name()).append(" |");
            for (int i = 0; i < ts.length; i++) {
                s.append(String.format(Locale.ROOT, " %.2f (%+.2f) |", 100 * r.accuracy()[i],
                        100 * (r.accuracy()[i] - annAcc)));
            }
            line(s.append(String.format(Locale.ROOT, " %.0f |", r.seconds())).toString());
        }
        line("");
    }

    private void summary(List<Row> rows, List<Row> tuned, int[] ts, double annAcc) {
        line("### Summary");
        line("");
        for (List<Row> group : List.of(rows, tuned)) {
            if (group.isEmpty()) {
                continue;
            }
            StringBuilder s = new StringBuilder(group == rows ? "Best conversion without training:"
                    : "Best with fine-tuning:");
            for (int i = 0; i < ts.length; i++) {
                Row best = group.get(0);
                for (Row r : group) {
                    if (r.accuracy()[i] > best.accuracy()[i]) {
                        best = r;
                    }
                }
                s.append(String.format(Locale.ROOT, " T = %d: %s, %.2f %% (%+.2f points against the ANN)%s", ts[i],
                        best.name(), 100 * best.accuracy()[i], 100 * (best.accuracy()[i] - annAcc),
                        i < ts.length - 1 ? ";" : "."));
            }
            line(s.toString());
            line("");
        }
        // The target: at most 1 point lost at the smallest T and 0.3 point at the largest.
        StringBuilder within = new StringBuilder(String.format(Locale.ROOT, "Settings within 1 point of the ANN at "
                + "T = %d and 0.3 point at T = %d:", ts[0], ts[ts.length - 1]));
        int found = 0;
        List<Row> all = new ArrayList<>(rows);
        all.addAll(tuned);
        for (Row r : all) {
            double first = 100 * (r.accuracy()[0] - annAcc);
            double last = 100 * (r.accuracy()[ts.length - 1] - annAcc);
            if (first >= -1 - 1e-9 && last >= -0.3 - 1e-9) {
                within.append(String.format(Locale.ROOT, "%s %s (%+.2f / %+.2f)", found++ == 0 ? "" : ";", r.name(),
                        first, last));
            }
        }
        line(found == 0 ? within.append(" none.").toString() : within.append('.').toString());
        line("");
    }
}
