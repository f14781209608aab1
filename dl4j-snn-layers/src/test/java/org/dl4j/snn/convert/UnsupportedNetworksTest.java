package org.dl4j.snn.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dl4j.snn.convert.ConversionFixtures.CLASSES;
import static org.dl4j.snn.convert.ConversionFixtures.batches;
import static org.dl4j.snn.convert.ConversionFixtures.iterator;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.TimePooling;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** What cannot be converted is refused with a message naming the layer and the way out. */
class UnsupportedNetworksTest {
    private static final List<DataSet> IMAGES = batches(2, 8, 1, false);

    private static MultiLayerNetwork cnn(Layer... middle) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list();
        b.layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.RELU).name("conv").build());
        for (Layer l : middle) {
            b.layer(l);
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                .activation(Activation.SOFTMAX).name("out").build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(InputType.convolutional(8, 8, 2)).build());
        net.init();
        return net;
    }

    private static SnnConversion convert(MultiLayerNetwork net) {
        return AnnToSnn.builder().steps(2).build().convert(net, iterator(IMAGES));
    }

    @Test
    void maxPoolingIsRefusedUnlessAllowed() {
        MultiLayerNetwork net = cnn(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                .name("maxpool").build());
        assertThatThrownBy(() -> convert(net)).hasMessageContaining("\"maxpool\" uses max pooling")
                .hasMessageContaining("maxPoolOnSpikes(true)");
        SnnConversion c = AnnToSnn.builder().steps(2).maxPoolOnSpikes(true).build().convert(net, iterator(IMAGES));
        assertThat(((TimePooling) c.network().getLayerWiseConfigurations().getConf(1).getLayer()).getPoolingType())
                .isEqualTo(org.deeplearning4j.nn.conf.layers.PoolingType.MAX);
    }

    @Test
    void otherActivationsAreRefused() {
        MultiLayerNetwork net = cnn(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).name("fc").build());
        assertThatThrownBy(() -> convert(net)).hasMessageContaining("layer \"fc\": activation tanh cannot be "
                + "converted");
        MultiLayerNetwork leaky = cnn(new ActivationLayer.Builder().activation(Activation.LEAKYRELU).name("lrelu")
                .build());
        assertThatThrownBy(() -> convert(leaky)).hasMessageContaining("\"lrelu\": activation");
    }

    @Test
    void batchNormMustFollowAWeightLayer() {
        MultiLayerNetwork net = cnn(new BatchNormalization.Builder().name("bn").build());
        assertThatThrownBy(() -> convert(net)).hasMessageContaining("batch normalisation \"bn\" must follow")
                .hasMessageContaining("follows a ReLU (layer \"conv\")");
    }

    @Test
    void unknownLayersAreNamed() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new LSTM.Builder().nOut(4).name("lstm").build())
                .layer(new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder().nOut(2).name("out").build())
                .setInputType(InputType.recurrent(3)).build());
        net.init();
        assertThatThrownBy(() -> convert(net)).hasMessageContaining("layer \"lstm\" (LSTM) is not supported");
    }

    @Test
    void aHiddenLinearLayerWithoutReluIsRefused() {
        MultiLayerNetwork net = cnn(new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).name("fc")
                .build());
        assertThatThrownBy(() -> convert(net)).hasMessageContaining("layer \"fc\": a convolution or dense layer must "
                + "be followed by a ReLU");
    }

    @Test
    void graphsMustBeChains() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nOut(4).activation(Activation.RELU).build(), "in")
                .addVertex("merge", new MergeVertex(), "a", "b")
                .addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "merge")
                .setOutputs("out").setInputTypes(InputType.feedForward(3)).build());
        g.init();
        assertThatThrownBy(() -> AnnToSnn.builder().build().convert(g, iterator(IMAGES)))
                .hasMessageContaining("only chains can be converted");
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> AnnToSnn.builder().steps(0).build()).hasMessageContaining("steps must be >= 1");
        assertThatThrownBy(() -> AnnToSnn.builder().initialPotential(1).build())
                .hasMessageContaining("initialPotential must lie in [0, 1)");
        assertThatThrownBy(() -> AnnToSnn.builder().scaleScope(org.dl4j.snn.neuron.Scope.NEURON).build())
                .hasMessageContaining("NEURON scales cannot be folded");
    }
}
