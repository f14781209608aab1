package org.dl4j.snn.examples.scaleout;

import java.io.PrintStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.examples.train.RunConfig;

/**
 * Training on Spark, as a service: the implementation ({@code org.dl4j.snn.examples.scaleout.spark}) is compiled
 * only into {@code dl4j-snn-spark.jar} ({@code mvn -Pspark package}), which carries Spark and DL4J's Spark modules;
 * {@link ScaleOut#open} finds it with {@link java.util.ServiceLoader}.
 */
public interface SparkBackend {

    /**
     * Starts a Spark application on {@code scaleOut.sparkMaster()} that trains {@code net} on the data of
     * {@code config} (each executor reading its own share of the files, with the readers' {@code checks}).
     */
    TrainingSession open(MultiLayerNetwork net, RunConfig config, EventChecks checks, ScaleOut scaleOut,
                         PrintStream out);
}
