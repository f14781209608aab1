package org.dl4j.snn.examples.scaleout;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.core.storage.listener.RoutingIterationListener;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.examples.train.Trainer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Training on several cores or devices of one machine with DL4J's {@link ParallelWrapper}: {@code workers}
 * replicas of the network each fit their own mini-batch, then parameters and updater state are averaged
 * ({@link TrainingMode#AVERAGING}) or the replicas exchange encoded gradients after every step
 * ({@link TrainingMode#SHARED_GRADIENTS}); both with {@link ReplicaStart}'s start-up fix.
 *
 * <p>Replicas are built by ParallelWrapper as {@code new MultiLayerNetwork(fromJson(conf.toJson()))} with the
 * parameters and updater state copied, so each has its own layer runtimes and with them its own neuron state
 * (membrane potentials, spike traces kept for BPTT); replica 0 is the network itself. A new set of replicas is made
 * for every epoch from the network's current state. ParallelWrapper drops the network's updater when it ends
 * ({@code MultiLayerNetwork.clear()}); the updater state (Adam's moments) is restored after every epoch, so that the
 * next epoch, checkpoints and {@code --resume} continue with it.
 *
 * <p>Listeners: DL4J's routing listeners (the UI's {@code StatsListener}) are cloned per replica as ParallelWrapper
 * does; any other listener of the network (the {@code SpikeMonitor}) hears replica 0 only, i.e. 1/N of the epoch's
 * batches, since such listeners keep per-model state.
 */
public final class WorkersNet implements Trainer.Net {
    private final MultiLayerNetwork net;
    private final ParallelOptions options;

    public WorkersNet(MultiLayerNetwork net, ParallelOptions options) {
        this.net = Objects.requireNonNull(net, "WorkersNet: net is null");
        this.options = Objects.requireNonNull(options, "WorkersNet: options are null");
    }

    public ParallelOptions options() {
        return options;
    }

    @Override
    public void fit(DataSet batch) {
        net.fit(batch);
    }

    @Override
    public double score() {
        return net.score();
    }

    @Override
    public Evaluation evaluate(DataSetIterator data) {
        return SnnEvaluation.evaluate(net, data);
    }

    @Override
    public Model model() {
        return net;
    }

    @Override
    public void epochDone() {
        net.incrementEpochCount();
    }

    /** One epoch through a ParallelWrapper made for it (closed at the end of the epoch, stopped or not). */
    @Override
    public boolean fitEpoch(DataSetIterator data, Trainer.Progress progress, BooleanSupplier stop) {
        Collection<TrainingListener> own = new ArrayList<>(net.getListeners());
        List<TrainingListener> replicated = new ArrayList<>();
        for (TrainingListener l : own) {
            replicated.add(l instanceof RoutingIterationListener ? l : new ReplicaZeroOnly(l, net));
        }
        replicated.add(new ProgressListener(progress));
        // ParallelWrapper's builder moves the model's listeners onto its replicas; ours are handed over explicitly.
        net.setListeners(List.of());
        // Replica 0 trains the network with its own updater, whose state (Adam's moments) is updated and averaged in
        // place in this array; ParallelWrapper's clean-up then drops the updater (MultiLayerNetwork.clear() sets the
        // solver to null), so the state is put back from here.
        INDArray updaterState = net.getUpdater(true).getStateViewArray();
        Feed feed = new Feed(data, stop);
        ParallelWrapper wrapper = options.wrapper(net);
        try {
            wrapper.setListeners(replicated);
            wrapper.fit(feed);
        } finally {
            wrapper.shutdown();
            if (updaterState != null) {
                net.getUpdater(true).setStateViewArray(net, updaterState, false);
            }
            net.setListeners(own);
        }
        return !feed.stopped;
    }

    /** Reports every replica's iterations (batch size and score) to the epoch's progress. */
    private static final class ProgressListener extends BaseTrainingListener {
        private final Trainer.Progress progress;

        ProgressListener(Trainer.Progress progress) {
            this.progress = progress;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            progress.batchDone(model.batchSize(), model.score());
        }
    }

    /** Passes on the callbacks of one model (replica 0: the network itself) and drops the other replicas'. */
    private static final class ReplicaZeroOnly implements TrainingListener {
        private final TrainingListener delegate;
        private final Model root;

        ReplicaZeroOnly(TrainingListener delegate, Model root) {
            this.delegate = delegate;
            this.root = root;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            if (model == root) delegate.iterationDone(model, iteration, epoch);
        }

        @Override
        public void onEpochStart(Model model) {
            if (model == root) delegate.onEpochStart(model);
        }

        @Override
        public void onEpochEnd(Model model) {
            if (model == root) delegate.onEpochEnd(model);
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            if (model == root) delegate.onForwardPass(model, activations);
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            if (model == root) delegate.onForwardPass(model, activations);
        }

        @Override
        public void onGradientCalculation(Model model) {
            if (model == root) delegate.onGradientCalculation(model);
        }

        @Override
        public void onBackwardPass(Model model) {
            if (model == root) delegate.onBackwardPass(model);
        }
    }

    /**
     * The epoch's batches as ParallelWrapper reads them: ends early, after at least one batch, once {@code stop}
     * holds (ParallelWrapper then finishes the round it has started).
     */
    private static final class Feed implements DataSetIterator {
        private final DataSetIterator data;
        private final BooleanSupplier stop;
        private int handedOut;
        private boolean stopped;

        Feed(DataSetIterator data, BooleanSupplier stop) {
            this.data = data;
            this.stop = stop;
        }

        @Override
        public boolean hasNext() {
            if (stopped) {
                return false;
            }
            if (handedOut > 0 && stop.getAsBoolean()) {
                stopped = data.hasNext();
                return false;
            }
            return data.hasNext();
        }

        @Override
        public org.nd4j.linalg.dataset.DataSet next() {
            handedOut++;
            return data.next();
        }

        @Override
        public org.nd4j.linalg.dataset.DataSet next(int num) {
            handedOut++;
            return data.next(num);
        }

        @Override public int inputColumns() { return data.inputColumns(); }
        @Override public int totalOutcomes() { return data.totalOutcomes(); }
        @Override public boolean resetSupported() { return false; }
        @Override public boolean asyncSupported() { return true; }
        @Override public void reset() { throw new UnsupportedOperationException("one epoch's batches"); }
        @Override public int batch() { return data.batch(); }
        @Override public void setPreProcessor(DataSetPreProcessor p) { data.setPreProcessor(p); }
        @Override public DataSetPreProcessor getPreProcessor() { return data.getPreProcessor(); }
        @Override public List<String> getLabels() { return data.getLabels(); }
    }
}
