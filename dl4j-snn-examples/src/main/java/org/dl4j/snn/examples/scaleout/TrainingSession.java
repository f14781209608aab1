package org.dl4j.snn.examples.scaleout;

import org.dl4j.snn.examples.train.Trainer;

/**
 * A network opened for training one way or another (alone, ParallelWrapper replicas, a Spark application): the
 * {@link Trainer.Net} the training loop drives, and what must be released at the end (a SparkContext).
 */
public interface TrainingSession extends AutoCloseable {

    /** The net the {@link Trainer} fits and evaluates. */
    Trainer.Net net();

    /** Releases what the session holds (stops a SparkContext); the network itself stays usable. */
    @Override
    void close();
}
