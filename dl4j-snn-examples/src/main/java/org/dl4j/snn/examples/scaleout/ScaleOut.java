package org.dl4j.snn.examples.scaleout;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.examples.train.RunConfig;
import org.dl4j.snn.examples.train.Trainer;

/**
 * Where a training run's work goes: this JVM alone, {@code workers} ParallelWrapper replicas in this JVM, or a Spark
 * application ({@code sparkMaster}: {@code local[N]}, {@code spark://host:port}, ...), with replicas kept in step by
 * {@code mode} every {@code averagingFrequency} mini-batches per replica.
 *
 * <p>Learning rate: an averaging round consumes one mini-batch per replica but moves the parameters about as far as
 * one step of one replica, so with N replicas an epoch makes 1/N of the steps of training alone. With
 * {@code scaleLearningRate} the replicas train at N times the run's learning rate (the linear scaling rule of Goyal
 * et al., 2017, "Accurate, Large Minibatch SGD"), which restores the progress per epoch; gradient sharing applies every
 * replica's updates to every replica and is not scaled.
 *
 * @param workers            ParallelWrapper replicas in this JVM (1: none)
 * @param sparkMaster        the Spark master URL, or null for no Spark
 * @param mode               averaging or gradient sharing
 * @param averagingFrequency mini-batches per replica between two averages (averaging only)
 * @param scaleLearningRate  multiply the learning rate by the number of replicas when averaging
 */
public record ScaleOut(int workers, String sparkMaster, TrainingMode mode, int averagingFrequency,
                       boolean scaleLearningRate) {

    private static final Pattern MASTER = Pattern.compile(
            "local(\\[(\\d+|\\*)(,\\d+)?])?|spark://[^\\s/]+(:\\d+)?(,[^\\s/]+(:\\d+)?)*|yarn|k8s://\\S+|mesos://\\S+");

    public ScaleOut {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        if (mode == null) {
            throw new IllegalArgumentException("the training mode is required (averaging or shared-gradients)");
        }
        if (averagingFrequency < 1) {
            throw new IllegalArgumentException("--averaging-frequency must be >= 1, got " + averagingFrequency);
        }
        if (sparkMaster != null) {
            if (!MASTER.matcher(sparkMaster).matches()) {
                throw new IllegalArgumentException("--spark: '" + sparkMaster + "' is not a Spark master URL; use "
                        + "local[N] (N executor threads in this JVM) or spark://HOST:PORT (a standalone cluster)");
            }
            if (workers > 1) {
                throw new IllegalArgumentException("--workers and --spark exclude each other: on Spark the "
                        + "executors' cores are the workers (local[N], or the cluster's)");
            }
        }
    }

    /** Training in this JVM on the network alone. */
    public static ScaleOut single() {
        return new ScaleOut(1, null, TrainingMode.AVERAGING, 1, true);
    }

    /** Whether anything but the plain network trains (ParallelWrapper or Spark). */
    public boolean isScaledOut() {
        return workers > 1 || sparkMaster != null;
    }

    /**
     * Checks, before a run starts, that this jar can train this way (Spark needs {@code dl4j-snn-spark.jar}).
     *
     * @throws IllegalArgumentException saying which jar to use
     */
    public void requireAvailable() {
        if (sparkMaster != null) {
            sparkBackend();
        }
    }

    /**
     * Opens {@code net} for training: as it is, through {@link WorkersNet}, or on Spark (which needs
     * {@code dl4j-snn-spark.jar}; its executors read the event files with the readers' {@code checks}).
     *
     * @throws IllegalArgumentException for Spark when this jar has no Spark
     */
    public TrainingSession open(MultiLayerNetwork net, RunConfig config, EventChecks checks, PrintStream out) {
        if (sparkMaster != null) {
            return sparkBackend().open(net, config, checks, this, out);
        }
        Trainer.Net n = Trainer.Net.of(net);
        if (workers > 1) {
            net.setLearningRate(learningRate(config.learningRate(), workers));
            n = new WorkersNet(net, new ParallelOptions(workers, mode, averagingFrequency, 4, config.learningRate()));
        }
        Trainer.Net trained = n;
        return new TrainingSession() {
            @Override public Trainer.Net net() { return trained; }
            @Override public void close() { }
        };
    }

    /** The learning rate of {@code replicas} replicas for a run at {@code learningRate}. */
    public double learningRate(double learningRate, int replicas) {
        return mode == TrainingMode.AVERAGING && scaleLearningRate ? learningRate * replicas : learningRate;
    }

    /**
     * How training runs, for the run's header line, e.g. {@code 2 workers (ParallelWrapper, averaging every
     * batch, learning rate x2)} or {@code Spark local[2] (parameter averaging every batch)}; empty for the network
     * alone.
     */
    public String describe() {
        String sync = mode == TrainingMode.SHARED_GRADIENTS ? "gradient sharing"
                : "averaging every " + (averagingFrequency == 1 ? "batch" : averagingFrequency + " batches");
        if (sparkMaster != null) {
            return "Spark " + sparkMaster + " (" + (mode == TrainingMode.AVERAGING ? "parameter " : "") + sync + ")";
        }
        String lr = learningRate(1, workers) == 1 ? "" : ", learning rate x" + workers;
        return workers > 1 ? workers + " workers (ParallelWrapper, " + sync + lr + ")" : "";
    }

    /** The Spark implementation of this jar, if it has one. */
    static SparkBackend sparkBackend() {
        Iterator<SparkBackend> found = ServiceLoader.load(SparkBackend.class).iterator();
        if (!found.hasNext() || !sparkOnClassPath()) {
            throw new IllegalArgumentException("--spark: this jar has no Spark; build the Spark jar with "
                    + "'mvn -Pspark package' and run dl4j-snn-examples/target/dl4j-snn-spark.jar (same commands and "
                    + "flags), or spark-submit it to a cluster");
        }
        return found.next();
    }

    private static boolean sparkOnClassPath() {
        try {
            Class.forName("org.apache.spark.SparkContext", false, ScaleOut.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
