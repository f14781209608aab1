package org.dl4j.snn.examples.scaleout.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * DL4J's {@link ParameterAveragingTrainingMaster} with the rounds ParallelWrapper makes: averaging round {@code r}
 * trains elements {@code [r*k, (r+1)*k)} of the epoch's RDD, {@code k} = workers x averaging frequency, and a last,
 * shorter round trains what is left.
 *
 * <p>DL4J 1.0.0-M2 splits the RDD with {@code SparkUtils.balancedRandomSplit(count, k, data, rng.nextLong())}: every
 * partition deals its elements at random, one per round in turn, into {@code count / k} rounds (rounded down), so a
 * round pairs batches from different parts of the epoch in an order of the master's own random generator, and the
 * batches past {@code count / k * k} are added to rounds that then train more than {@code k} (with 63 batches and 2
 * workers: 31 rounds, one of 3 batches in which one worker fits 2). ParallelWrapper hands the iterator's batches to
 * its replicas in turn: round {@code r} is batches {@code 2r, 2r+1} of the epoch's order and a last lone batch is
 * trained by one replica. This class splits the same way, so that {@code train --spark} and {@code train --workers}
 * train the same rounds on the same batches in the same order (the epoch's permutation of {@code (seed, epoch)}).
 * Everything else (repartitioning each round over the workers, the broadcast of parameters and updater state,
 * averaging both) is DL4J's; a worker whose partition is empty returns no parameters and is not averaged.
 */
final class InOrderParameterAveraging extends ParameterAveragingTrainingMaster {

    InOrderParameterAveraging(Builder builder) {
        super(builder);
    }

    @Override
    protected <T> JavaRDD<T>[] getSplitRDDs(JavaRDD<T> trainingData, int totalDataSetObjectCount,
                                            int examplesPerDataSetObject) {
        return inOrder(trainingData, totalDataSetObjectCount, getNumDataSetObjectsPerSplit(examplesPerDataSetObject));
    }

    /** {@code data} (of {@code count} elements) cut into consecutive rounds of {@code perRound} elements. */
    @SuppressWarnings("unchecked")
    static <T> JavaRDD<T>[] inOrder(JavaRDD<T> data, int count, int perRound) {
        if (perRound < 1) {
            throw new IllegalArgumentException("a round needs at least one element, got " + perRound);
        }
        int rounds = Math.max(1, (count + perRound - 1) / perRound);
        if (rounds == 1) {
            return new JavaRDD[] {data};
        }
        JavaPairRDD<T, Long> indexed = data.zipWithIndex();
        JavaRDD<T>[] splits = new JavaRDD[rounds];
        for (int r = 0; r < rounds; r++) {
            long from = (long) r * perRound;
            long to = from + perRound;
            splits[r] = indexed.filter(e -> e._2() >= from && e._2() < to).keys();
        }
        return splits;
    }
}
