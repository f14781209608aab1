/**
 * Training on Spark ({@code train --spark MASTER}), compiled only into {@code dl4j-snn-spark.jar}
 * ({@code mvn -Pspark package}): {@link org.dl4j.snn.examples.scaleout.spark.SparkTraining} starts the Spark
 * application and DL4J's training master (parameter averaging cut into ParallelWrapper's rounds by
 * {@link org.dl4j.snn.examples.scaleout.spark.InOrderParameterAveraging});
 * {@link org.dl4j.snn.examples.scaleout.spark.SparkNet} trains epochs on an RDD of mini-batches that executors read
 * from the dataset files themselves ({@link org.dl4j.snn.examples.scaleout.spark.ExecutorData}, with a frame cache
 * per executor) and evaluates in the executors. Found by {@code ScaleOut} through {@link java.util.ServiceLoader}.
 */
package org.dl4j.snn.examples.scaleout.spark;
