package org.dl4j.snn.monitor;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link SynOps} as a DL4J listener: counts SynOps, MACs, neuron updates and spikes on every forward pass DL4J
 * reports to listeners ({@code onForwardPass}: during {@code fit}, for every layer but the output layer, with
 * training-mode activations, e.g. dropout applied), with no extra forward pass. For inference counts (evaluation
 * data) use {@link SynOps#count(Model, org.nd4j.linalg.dataset.api.iterator.DataSetIterator, long)}.
 *
 * <pre>{@code
 * SynOpsListener ops = new SynOpsListener();
 * net.addListeners(ops);
 * net.fit(train);
 * System.out.println(ops.report().json(SynOps.Precision.FP32));
 * }</pre>
 */
public final class SynOpsListener extends BaseTrainingListener {
    private SynOps.Report report = SynOps.Report.empty();

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        if (model instanceof MultiLayerNetwork m && !activations.isEmpty()) {
            add(SynOps.fromList(m, activations, activations.get(0).size(0)));
        }
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        if (model instanceof ComputationGraph g) {
            String in = g.getConfiguration().getNetworkInputs().get(0);
            INDArray x = activations.get(in);
            add(SynOps.fromMap(g, activations, x == null ? 0 : x.size(0)));
        }
    }

    private synchronized void add(SynOps.Report r) {
        report = report.plus(r);
    }

    /** Everything counted since creation or the last {@link #reset()}. */
    public synchronized SynOps.Report report() {
        return report;
    }

    public synchronized void reset() {
        report = SynOps.Report.empty();
    }
}
