package org.dl4j.snn.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.datavec.SampleSource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.examples.train.RunData;
import org.nd4j.linalg.dataset.api.DataSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code predict}: the predicted class of samples of a dataset folder, one tab-separated line per sample:
 * {@code sample (its file), predicted class, true class}.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict the class of samples with a saved model; one line per sample: "
                + "'<sample>\\t<predicted>\\t<true class>'.",
                "Samples: the split's first --limit ones, or those whose file name is given as FILE."})
public final class PredictCommand implements Callable<Integer> {

    @Mixin
    SavedRunOptions saved = new SavedRunOptions();

    @Option(names = "--limit", defaultValue = "20", description = "At most this many samples (default ${DEFAULT-VALUE}).")
    int limit;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Only the samples of these files, matched by whole trailing path components (00012.bin, "
                    + "7/00012.bin, an absolute path) or, for files of many samples, with the sample ('shd_test.h5 "
                    + "sample 17').")
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (limit <= 0) {
            throw new IllegalArgumentException("--limit must be > 0, got " + limit);
        }
        List<String> wanted = files.stream().map(f -> f.replace('\\', '/').strip()).toList();
        for (int k = 0; k < wanted.size(); k++) {
            String w = wanted.get(k);
            if (w.isEmpty() || w.endsWith("/") || w.equals(".") || w.endsWith("/.") || w.endsWith("/..")
                    || w.equals("..")) {
                throw new IllegalArgumentException("FILE '" + files.get(k) + "' names a folder, not a sample file; "
                        + "give file names such as 00012.bin or 7/00012.bin");
            }
        }
        SavedRun run = saved.open();
        Split s = saved.splitValue();
        SampleSource<?> source = RunData.builder(run.config(), s).source();
        List<String> unmatched = wanted.stream().filter(w -> IntStream.range(0, source.size())
                .noneMatch(i -> matches(source.describe(i), w))).toList();
        if (!unmatched.isEmpty() && unmatched.size() < wanted.size()) {
            throw new IllegalArgumentException("no sample of the " + s.name().toLowerCase(Locale.ROOT) + " split of "
                    + run.config().root() + " matches " + unmatched);
        }
        SnnDataSetIterator data = run.data(s, i -> wanted.isEmpty() || wanted.stream()
                .anyMatch(w -> matches(source.describe(i), w)), limit);
        if (data.numExamples() == 0) {
            data.shutdown();
            throw new IllegalArgumentException("no sample of the " + s.name().toLowerCase(Locale.ROOT) + " split of "
                    + run.config().root() + " matches " + files);
        }
        MultiLayerNetwork net = run.network();
        SnnEvaluation.Rule rule = SavedRun.rule(net);
        List<String> classes = data.getLabels();
        int correct = 0;
        int n = 0;
        try {
            System.out.println("sample\tpredicted\ttrue");
            while (data.hasNext()) {
                DataSet batch = data.next();
                int[] predicted = SavedRun.predict(net, rule, batch);
                int[] truth = batch.getLabels().argMax(1).toIntVector();
                for (int k = 0; k < predicted.length; k++) {
                    System.out.println(batch.getExampleMetaData().get(k) + "\t" + classes.get(predicted[k]) + "\t"
                            + classes.get(truth[k]));
                    correct += predicted[k] == truth[k] ? 1 : 0;
                    n++;
                }
            }
        } finally {
            data.shutdown();
        }
        System.out.printf(Locale.ROOT, "%d of %d correct%n", correct, n);
        return 0;
    }

    /**
     * Whether a sample's description names {@code wanted}: the description, or its part before a space (the file
     * of a gesture window or an SHD sample), equals it or ends with {@code "/" + wanted}, so only whole trailing
     * path components match.
     */
    static boolean matches(String description, String wanted) {
        String d = description.replace('\\', '/');
        for (int i = d.length(); i > 0; i = d.lastIndexOf(' ', i - 1)) {
            String c = d.substring(0, i);
            if (c.equals(wanted) || c.endsWith("/" + wanted)) {
                return true;
            }
        }
        return false;
    }
}
