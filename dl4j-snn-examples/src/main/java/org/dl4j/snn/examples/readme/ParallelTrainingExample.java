package org.dl4j.snn.examples.readme;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.dl4j.snn.examples.scaleout.ReplicaStart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * README "Scaling out": training a spiking network with DL4J's own {@code ParallelWrapper} (two replicas, averaging)
 * in plain Java, with the two M2.1 fixes {@code train --workers} applies (replica start-up, updater state kept).
 */
public final class ParallelTrainingExample {
    private ParallelTrainingExample() {
    }

    /** Trains {@code net} for {@code epochs} passes over {@code train} with two ParallelWrapper replicas. */
    public static void fit(MultiLayerNetwork net, DataSetIterator train, int epochs) throws Exception {
        // tag::parallel[]
        ParallelWrapper wrapper = new ParallelWrapper.Builder<>(net).workers(2).prefetchBuffer(4)
                .trainingMode(ParallelWrapper.TrainingMode.AVERAGING).averagingFrequency(1).build();
        ReplicaStart.install(wrapper, 2, false);              // dl4j-snn-examples' fix (1); copy it into your project
        for (int epoch = 0; epoch < epochs; epoch++) {
            INDArray adam = net.getUpdater().getStateViewArray();   // fix (2): kept, updated in place, put back
            wrapper.fit(train);
            net.getUpdater().setStateViewArray(net, adam, false);
            train.reset();
        }
        // end::parallel[]
        wrapper.close();
    }
}
