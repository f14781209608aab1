package org.dl4j.snn.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** The README's plain-Java ParallelWrapper block trains a spiking network and keeps Adam's state across epochs. */
class ParallelTrainingExampleTest {
    private static final int T = 5;
    private static final int FEATURES = 6;
    private static final int CLASSES = 3;

    @Test
    void twoReplicasLearnSpikeTrainsAndAdamsStateSurvivesTheEpochs() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.FLOAT).updater(new Adam(1e-2)).list()
                .layer(new SpikingDense.Builder(16).build())
                .layer(new LeakyIntegratorReadout.Builder(CLASSES).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(FEATURES, T)).build());
        net.init();
        List<DataSet> train = batches(24, 8, 1);
        double before = accuracy(net, batches(8, 25, 2));

        ParallelTrainingExample.fit(net, new ListDataSetIterator<>(train, 1), 3);

        assertThat(net.getUpdater().getStateViewArray().amaxNumber().doubleValue())
                .as("Adam's moments after the last epoch (ParallelWrapper would drop them)").isPositive();
        assertThat(accuracy(net, batches(8, 25, 2))).as("accuracy before: %s", before).isGreaterThan(0.8);
    }

    private static double accuracy(MultiLayerNetwork net, List<DataSet> test) {
        return SnnEvaluation.evaluate(net, new ListDataSetIterator<>(test, 1)).accuracy();
    }

    /** Spike trains whose class decides which inputs fire often. */
    private static List<DataSet> batches(int count, int size, long seed) {
        Random random = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            INDArray x = Nd4j.zeros(DataType.FLOAT, size, FEATURES, T);
            INDArray y = Nd4j.zeros(DataType.FLOAT, size, CLASSES);
            for (int i = 0; i < size; i++) {
                int c = random.nextInt(CLASSES);
                y.putScalar(i, c, 1);
                for (int f = 0; f < FEATURES; f++) {
                    for (int t = 0; t < T; t++) {
                        double rate = f % CLASSES == c ? 0.8 : 0.1;
                        x.putScalar(new long[] {i, f, t}, random.nextDouble() < rate ? 1 : 0);
                    }
                }
            }
            out.add(new DataSet(x, y));
        }
        return out;
    }
}
