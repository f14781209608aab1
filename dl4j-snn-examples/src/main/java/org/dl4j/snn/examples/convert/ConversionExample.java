package org.dl4j.snn.examples.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4j.snn.convert.AnnToSnn;
import org.dl4j.snn.convert.ScaleRule;
import org.dl4j.snn.convert.SnnConversion;
import org.dl4j.snn.convert.SpikingAccuracy;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The README's conversion example: train an ordinary DL4J CNN, save it, convert it into a spiking network, compare
 * the accuracy per T, look at the firing rates, fine-tune at T = 8. Run it with
 * {@code java -cp dl4j-snn-examples/target/dl4j-snn.jar org.dl4j.snn.examples.convert.ConversionExample
 * ../shared/data/mnist-t10k}.
 */
public final class ConversionExample {

    /** What the example measured. */
    public record Result(Path annFile, double annAccuracy, SpikingAccuracy converted, SpikingAccuracy fineTuned) {
    }

    private ConversionExample() {
    }

    public static void main(String[] args) throws IOException {
        run(Path.of(args.length > 0 ? args[0] : "../shared/data/mnist-t10k"), 8000, 0, 1, Path.of("ann.zip"));
    }

    /**
     * @param mnistRoot   MNIST idx files (only t10k: images 0..7999 train, 8000.. test)
     * @param trainImages training (and calibration) images
     * @param testImages  test images (0: all)
     * @param epochs      ANN training epochs
     * @param annFile     where the trained ANN is saved
     */
    public static Result run(Path mnistRoot, int trainImages, int testImages, int epochs, Path annFile)
            throws IOException {
        ConversionData data = ConversionData.load(ConversionData.Dataset.MNIST, mnistRoot, trainImages, testImages,
                100, false);
        DataSetIterator train = ConversionData.iterator(data.calibration());
        DataSetIterator test = ConversionData.iterator(data.test());

        // 1. An ordinary DL4J CNN (conv-BN-ReLU-avgpool, dense, softmax), trained and saved as usual.
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).padding(1, 1).activation(Activation.IDENTITY)
                        .build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1)).build();
        MultiLayerNetwork ann = new MultiLayerNetwork(conf);
        ann.init();
        ann.fit(train, epochs);
        ModelSerializer.writeModel(ann, annFile.toFile(), false);
        double annAccuracy = ann.evaluate(test).accuracy();

        // 2. Convert: BN folded, one scale per ReLU (99.9th percentile on the training images), IF neurons, T = 32.
        SnnConversion snn = AnnToSnn.builder().scaleRule(ScaleRule.percentile(99.9)).steps(32).build()
                .convert(ann, train);

        // 3. Accuracy after 8, 16 and 32 steps (one run), and the firing rates per layer.
        SpikingAccuracy converted = snn.evaluate(test, 8, 16, 32);
        System.out.printf(Locale.ROOT, "ANN %.4f, SNN %s%n", annAccuracy, converted);
        System.out.println("firing rates over 32 steps: " + converted.firingRates());

        // 4. Fine-tune at T = 8 with surrogate gradients (SDT loss, Adam 1e-4), then save the spiking network.
        MultiLayerNetwork t8 = AnnToSnn.withSteps(snn.network(), 8);
        t8.fit(train, 1);
        SpikingAccuracy fineTuned = AnnToSnn.evaluate(t8, test, 8, 16, 32);
        System.out.println("fine-tuned at T = 8: " + fineTuned);
        ModelSerializer.writeModel(t8, annFile.resolveSibling("snn.zip").toFile(), true);
        return new Result(annFile, annAccuracy, converted, fineTuned);
    }
}
