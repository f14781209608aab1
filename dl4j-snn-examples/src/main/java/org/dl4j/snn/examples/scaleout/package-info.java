/**
 * Training past one core: {@link org.dl4j.snn.examples.scaleout.ScaleOut} picks how a run trains, behind
 * {@code train --workers N} (DL4J's ParallelWrapper replicas in this JVM,
 * {@link org.dl4j.snn.examples.scaleout.WorkersNet}, with {@link org.dl4j.snn.examples.scaleout.ReplicaStart}'s
 * start-up fix) and {@code train --spark MASTER} (a {@link org.dl4j.snn.examples.scaleout.SparkBackend}, found only
 * in {@code dl4j-snn-spark.jar}). Each gives the training loop a
 * {@link org.dl4j.snn.examples.train.Trainer.Net} through a {@link org.dl4j.snn.examples.scaleout.TrainingSession}.
 *
 * <p>Internal to the command line; the README's "Scaling out" section shows the plain DL4J calls for users' code.
 */
package org.dl4j.snn.examples.scaleout;
