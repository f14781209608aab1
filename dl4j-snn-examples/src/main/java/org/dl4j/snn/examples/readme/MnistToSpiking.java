package org.dl4j.snn.examples.readme;

// tag::imports[]
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.layers.preprocessor.DirectEncodingPreProcessor;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
// end::imports[]

/**
 * README's "Use it in your project": an ordinary DL4J MNIST MLP and CNN, each beside its spiking version, trained
 * and evaluated on the same {@code [batch, 784]} mini-batches (pixels in [0, 1], one-hot labels). Every import the
 * two examples need is in the README's import block ({@code ReadmeCodeBlocksTest} checks it). Run it with
 * {@code java -cp dl4j-snn-examples/target/dl4j-snn.jar org.dl4j.snn.examples.readme.MnistToSpiking
 * ../shared/data/mnist-t10k} (2,000 training and 500 test digits of the t10k files, as the build's test).
 */
public final class MnistToSpiking {

    /** Test accuracy of the ordinary network and of its spiking version. */
    public record Result(double ann, double snn) {
    }

    private MnistToSpiking() {
    }

    public static void main(String[] args) {
        java.nio.file.Path root = java.nio.file.Path.of(args.length > 0 ? args[0] : "../shared/data/mnist-t10k");
        org.dl4j.snn.examples.convert.ConversionData data = org.dl4j.snn.examples.convert.ConversionData.load(
                org.dl4j.snn.examples.convert.ConversionData.Dataset.MNIST, root, 2000, 500, 64, true);
        DataSetIterator train = org.dl4j.snn.examples.convert.ConversionData.iterator(data.calibration());
        DataSetIterator test = org.dl4j.snn.examples.convert.ConversionData.iterator(data.test());
        mlp(train, test, 2);
        cnn(train, test, 1);
    }

    /** The MLP and its spiking version, {@code epochs} epochs each. */
    public static Result mlp(DataSetIterator train, DataSetIterator test, int epochs) {
        // tag::mlp[]
        // The ordinary DL4J MLP: 784 -> 256 ReLU -> 10 softmax.
        MultiLayerConfiguration annConf = new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(1e-3)).list()
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(784)).build();
        MultiLayerNetwork ann = new MultiLayerNetwork(annConf);
        ann.init();
        ann.fit(train, epochs);
        Evaluation annEval = ann.evaluate(test);

        // Spiking: DL4J's RepeatVector feeds the image at each of T = 4 steps ([b, 784] -> [b, 784, T]), SpikingDense
        // (LIF neurons) replaces DenseLayer + ReLU, and a leaky-integrator readout with a TemporalLossLayer replaces
        // the softmax output (SDT loss: cross entropy of the readout at every step).
        int steps = 4;
        MultiLayerConfiguration snnConf = new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(1e-3)).list()
                .layer(new RepeatVector.Builder(steps).build())
                .layer(new SpikingDense.Builder(256).build())
                .layer(new LeakyIntegratorReadout.Builder(10).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.feedForward(784)).build();
        MultiLayerNetwork snn = new MultiLayerNetwork(snnConf);
        snn.init();
        snn.fit(train, epochs);                                  // the ANN's own [b, 784] batches
        Evaluation snnEval = snn.evaluate(test);                 // DL4J's evaluate: output [b, 10], the softmax of
                                                                 // the readout averaged over T (SDT's own rule)
        System.out.println("MLP: ANN " + annEval.accuracy() + ", SNN " + snnEval.accuracy());
        // end::mlp[]
        return new Result(annEval.accuracy(), snnEval.accuracy());
    }

    /** The CNN and its spiking version, {@code epochs} epochs each. */
    public static Result cnn(DataSetIterator train, DataSetIterator test, int epochs) {
        // tag::cnn[]
        // The ordinary DL4J CNN: conv 5x5 (16, ReLU) -> max pool 2x2 -> 128 ReLU -> 10 softmax.
        MultiLayerConfiguration annConf = new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1)).build();
        MultiLayerNetwork ann = new MultiLayerNetwork(annConf);
        ann.init();
        ann.fit(train, epochs);
        Evaluation annEval = ann.evaluate(test);

        // Spiking: the library's direct encoder repeats each image over T steps ([b, 784] -> [b, 1, T, 28, 28], time
        // in the depth slot), SpikingConv and TimePooling apply the 2-D convolution and pooling at every step, and
        // the flattening in front of SpikingDense is inserted automatically. No batch norm: the spiking layers'
        // default initialisation makes [0, 1] pixels drive their LIF neurons over the threshold.
        int steps = 4;
        MultiLayerConfiguration snnConf = new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(1e-3)).list()
                .inputPreProcessor(0, new DirectEncodingPreProcessor(steps, 1, 28, 28))
                .layer(new SpikingConv.Builder(16, 5).build())
                .layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build())
                .layer(new SpikingDense.Builder(128).build())
                .layer(new LeakyIntegratorReadout.Builder(10).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1)).build();
        MultiLayerNetwork snn = new MultiLayerNetwork(snnConf);
        snn.init();
        snn.fit(train, epochs);
        Evaluation snnEval = snn.evaluate(test);
        System.out.println("CNN: ANN " + annEval.accuracy() + ", SNN " + snnEval.accuracy());
        // end::cnn[]
        return new Result(annEval.accuracy(), snnEval.accuracy());
    }
}
