package org.example.snn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4j.snn.datasets.iterator.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A trained spiking network saved with DL4J's {@code ModelSerializer} and restored gives identical outputs. */
class SaveAndLoadTest {

    @Test
    void modelSerializerRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(SpikingConvTest.network());
        net.init();
        DataSet train = MnistDigits.directlyEncoded(true, SpikingConvTest.STEPS, Layout.CONV);
        net.fit(MnistDigits.batches(new DataSet(train.getFeatures().get(NDArrayIndex.interval(0, 128)).dup(),
                train.getLabels().get(NDArrayIndex.interval(0, 128)).dup()), 64), 1);

        File file = dir.resolve("snn.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);

        INDArray x = MnistDigits.directlyEncoded(false, SpikingConvTest.STEPS, Layout.CONV).getFeatures()
                .get(NDArrayIndex.interval(0, 32)).dup();
        assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertEquals(net.output(x), back.output(x));
    }
}
