package org.dl4j.snn.examples.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.eval.SnnEvaluation;
import org.nd4j.evaluation.classification.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code evaluate}: the accuracy of a saved model on a split, with DL4J's per-class precision / recall / F1 and
 * confusion matrix; the first line of the result is {@code accuracy: 0.NNNN}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a saved model: prints 'accuracy: 0.NNNN', then per-class metrics and the confusion "
                + "matrix.", "The preset, T and dataset come from the run's config.json unless given."})
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    SavedRunOptions saved = new SavedRunOptions();

    @Override
    public Integer call() throws Exception {
        SavedRun run = saved.open();
        Split s = saved.splitValue();
        MultiLayerNetwork net = run.network();
        SnnDataSetIterator data = run.data(s);
        try {
            Evaluation evaluation = SnnEvaluation.evaluate(net, data, SavedRun.rule(net));
            evaluation.setLabelsList(data.getLabels());
            System.out.printf(Locale.ROOT, "dl4j-snn evaluate: %s on the %s split of %s (preset %s, T=%d): %d "
                    + "samples%n", run.model(), s.name().toLowerCase(Locale.ROOT), run.config().root(),
                    run.config().preset(), run.config().steps(), evaluation.getNumRowCounter());
            System.out.printf(Locale.ROOT, "accuracy: %.4f%n", evaluation.accuracy());
            System.out.println(evaluation.stats(false, true));
        } finally {
            data.shutdown();
        }
        return 0;
    }
}
