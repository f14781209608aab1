package org.dl4j.snn.examples.cli;

import org.dl4j.snn.examples.scaleout.ScaleOut;
import org.dl4j.snn.examples.scaleout.TrainingMode;
import picocli.CommandLine.Option;

/**
 * The options of training past one core, as a picocli mixin of {@code train}: {@code --workers}, {@code --spark},
 * {@code --training-mode}, {@code --averaging-frequency}, {@code --no-lr-scaling}; {@link #scaleOut} checks them.
 */
public final class ScaleOutOptions {

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Train N replicas of the network in this JVM with DL4J's ParallelWrapper (one per core or "
                    + "GPU); each has its own neuron state (default ${DEFAULT-VALUE}: the network alone).")
    int workers = 1;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train on Spark: local[N] (N executor threads in this JVM) or spark://HOST:PORT (a "
                    + "standalone cluster); executors read their share of the dataset files at --root. Needs "
                    + "dl4j-snn-spark.jar (mvn -Pspark package).")
    String spark;

    @Option(names = "--training-mode", paramLabel = "MODE", defaultValue = "averaging",
            description = "How --workers / --spark replicas are kept in step: averaging (parameters and updater "
                    + "state) or shared-gradients (default ${DEFAULT-VALUE}).")
    String trainingMode = "averaging";

    @Option(names = "--averaging-frequency", paramLabel = "K", defaultValue = "1",
            description = "Mini-batches per replica between two averages (default ${DEFAULT-VALUE}).")
    int averagingFrequency = 1;

    @Option(names = "--no-lr-scaling", description = "With averaging, keep --lr for every replica instead of "
            + "multiplying it by the number of replicas (the linear scaling rule, the default).")
    boolean noLrScaling;

    /**
     * The checked settings.
     *
     * @throws IllegalArgumentException naming the flag of a bad value
     */
    public ScaleOut scaleOut() {
        TrainingMode mode;
        try {
            mode = TrainingMode.of(trainingMode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--training-mode: " + e.getMessage());
        }
        return new ScaleOut(workers, spark, mode, averagingFrequency, !noLrScaling);
    }
}
