package org.dl4j.snn.examples.scaleout.spark;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.examples.train.RunConfig;
import org.dl4j.snn.examples.train.Trainer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The network trained by a Spark training master: one {@code SparkDl4jMultiLayer.fit} per epoch on an RDD of that
 * epoch's mini-batches, and test accuracy computed in the executors.
 *
 * <p>Data: the driver lists the split (file names and labels only) and cuts epoch {@code e}'s order, the same
 * permutation of {@code (seed, e)} as training on one machine, into mini-batches of sample indices and file names:
 * a partitioned file list. Each executor reads its batches from the event files with the run's readers and frame
 * integration ({@link ExecutorData}) and keeps their frames in its memory cache; nothing of the dataset is collected
 * on the driver. The training master then averages (or shares) what the executors learnt.
 */
final class SparkNet implements Trainer.Net {
    private final JavaSparkContext sc;
    private final SparkDl4jMultiLayer sparkNet;
    private final MultiLayerNetwork net;
    private final ExecutorData.Source trainSource;
    private final ExecutorData.Source testSource;
    private final int batch;
    private final int partitions;
    private final PrintStream out;
    private final LossListener loss;
    private final boolean averaging;

    SparkNet(JavaSparkContext sc, SparkDl4jMultiLayer sparkNet, RunConfig config, EventChecks checks, int partitions,
             boolean averaging, PrintStream out) {
        this.sc = sc;
        this.sparkNet = sparkNet;
        this.net = sparkNet.getNetwork();
        this.trainSource = ExecutorData.Source.of(config, checks, true);
        this.testSource = ExecutorData.Source.of(config, checks, false);
        this.batch = config.batch();
        this.partitions = partitions;
        this.averaging = averaging;
        this.out = out;
        this.loss = new LossListener(sc);
        sparkNet.setListeners(List.of(loss));
    }

    @Override
    public void fit(org.nd4j.linalg.dataset.api.DataSet batch) {
        net.fit(batch);
    }

    @Override
    public double score() {
        return net.score();
    }

    @Override
    public Model model() {
        return net;
    }

    @Override
    public void epochDone() {
        // SparkDl4jMultiLayer.fit counts the epoch in the network itself.
    }

    /**
     * Trains epoch {@code e} of {@code data} (an {@link SnnDataSetIterator} positioned at its epoch e) on the
     * executors. A stop request is seen between epochs: a running Spark epoch is finished.
     */
    @Override
    public boolean fitEpoch(DataSetIterator data, Trainer.Progress progress, BooleanSupplier stop) {
        if (!(data instanceof SnnDataSetIterator it)) {
            throw new IllegalArgumentException("Spark training reads the dataset files in the executors; it needs "
                    + "the run's SnnDataSetIterator, got " + data.getClass().getName());
        }
        int epoch = it.epoch();
        List<ExecutorData.Batch> batches = batches(it, it.order(epoch));
        LongAccumulator decoded = sc.sc().longAccumulator("samples decoded");
        LongAccumulator cached = sc.sc().longAccumulator("samples from frame caches");
        JavaRDD<DataSet> rdd = sc.parallelize(batches, partitions)
                .map(new LoadBatch(trainSource, epoch, decoded, cached));
        loss.reset();
        int iterations = net.getLayerWiseConfigurations().getIterationCount();
        try {
            sparkNet.fit(rdd);
        } finally {
            rdd.unpersist(false);
        }
        // DL4J's SharedTrainingWorker keeps its network, and the listeners it was given, from the first epoch in
        // each executor JVM: their accumulators are that epoch's, so later epochs report no loss (NaN).
        long samples = decoded.value() + cached.value();
        double meanLoss = loss.batches() > 0 ? loss.sum() / loss.batches() : Double.NaN;
        progress.addAll(batches.size(), samples, meanLoss * batches.size());
        // Parameter averaging adds one iteration to the network per averaging round (of one batch per worker).
        String rounds = averaging ? String.format(Locale.ROOT, "; %d fitted by the workers in %d averaging rounds",
                loss.batches(), net.getLayerWiseConfigurations().getIterationCount() - iterations) : "";
        out.printf(Locale.ROOT, "spark: epoch %d: %d batches; %d samples read from the event files, %d from the "
                + "executors' frame caches%s%n", epoch, batches.size(), decoded.value(), cached.value(), rounds);
        return true;
    }

    /** Test accuracy computed by the executors on the current parameters (each evaluates its share). */
    @Override
    public Evaluation evaluate(DataSetIterator data) {
        if (!(data instanceof SnnDataSetIterator it)) {
            throw new IllegalArgumentException("Spark evaluation reads the dataset files in the executors; it needs "
                    + "the run's SnnDataSetIterator, got " + data.getClass().getName());
        }
        int[] all = new int[it.dataset().size()];
        Arrays.setAll(all, i -> i);
        List<ExecutorData.Batch> batches = batches(it, all);
        Broadcast<NetState> state = sc.broadcast(new NetState(net.getLayerWiseConfigurations().toJson(),
                net.params().dup()));
        try {
            Evaluation e = sc.parallelize(batches, partitions)
                    .mapPartitions(new EvaluatePartition(testSource, state))
                    .reduce((a, b) -> {
                        a.merge(b);
                        return a;
                    });
            return e;
        } finally {
            state.destroy();
        }
    }

    private List<ExecutorData.Batch> batches(SnnDataSetIterator it, int[] order) {
        List<ExecutorData.Batch> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batch) {
            int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + batch));
            String[] names = new String[idx.length];
            for (int k = 0; k < idx.length; k++) {
                names[k] = it.dataset().source().describe(idx[k]);
            }
            out.add(new ExecutorData.Batch(idx, names));
        }
        return out;
    }

    /** Network configuration and parameters, broadcast for evaluation. */
    record NetState(String json, INDArray params) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Reads a batch in an executor, counting what its frame cache served. */
    static final class LoadBatch implements Function<ExecutorData.Batch, DataSet> {
        private static final long serialVersionUID = 1L;
        private final ExecutorData.Source source;
        private final int epoch;
        private final LongAccumulator decoded;
        private final LongAccumulator cached;

        LoadBatch(ExecutorData.Source source, int epoch, LongAccumulator decoded, LongAccumulator cached) {
            this.source = source;
            this.epoch = epoch;
            this.decoded = decoded;
            this.cached = cached;
        }

        @Override
        public DataSet call(ExecutorData.Batch b) {
            ExecutorData.Loaded l = ExecutorData.load(source, b, epoch);
            cached.add(l.fromCache());
            decoded.add(b.indices().length - l.fromCache());
            return l.data();
        }
    }

    /** Evaluates one partition's test batches with a network rebuilt from the broadcast state. */
    static final class EvaluatePartition implements FlatMapFunction<Iterator<ExecutorData.Batch>, Evaluation> {
        private static final long serialVersionUID = 1L;
        private final ExecutorData.Source source;
        private final Broadcast<NetState> state;

        EvaluatePartition(ExecutorData.Source source, Broadcast<NetState> state) {
            this.source = source;
            this.state = state;
        }

        @Override
        public Iterator<Evaluation> call(Iterator<ExecutorData.Batch> batches) {
            List<DataSet> data = new ArrayList<>();
            while (batches.hasNext()) {
                data.add(ExecutorData.load(source, batches.next(), 0).data());
            }
            if (data.isEmpty()) {
                return List.<Evaluation>of().iterator();
            }
            NetState s = state.value();
            MultiLayerNetwork m = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(s.json()));
            m.init(s.params().dup(), false);
            return List.of(SnnEvaluation.evaluate(m, new ListDataSetIterator<>(data, 1))).iterator();
        }
    }

    /** Sums every executor's mini-batch losses through Spark accumulators (the driver hears no iterations). */
    static final class LossListener extends BaseTrainingListener implements Serializable {
        private static final long serialVersionUID = 1L;
        private final DoubleAccumulator sum;
        private final LongAccumulator batches;

        LossListener(JavaSparkContext sc) {
            this.sum = sc.sc().doubleAccumulator("loss sum");
            this.batches = sc.sc().longAccumulator("batches");
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            sum.add(model.score());
            batches.add(1);
        }

        void reset() {
            sum.reset();
            batches.reset();
        }

        double sum() {
            return sum.value();
        }

        long batches() {
            return batches.value();
        }
    }
}
