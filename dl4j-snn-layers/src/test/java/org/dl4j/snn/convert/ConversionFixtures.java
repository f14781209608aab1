package org.dl4j.snn.convert;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small ANNs and data for the conversion tests: random images, a few quick training steps. */
final class ConversionFixtures {
    static final int C = 2;
    static final int H = 8;
    static final int W = 8;
    static final int CLASSES = 3;

    private ConversionFixtures() {
    }

    /** conv-BN-ReLU-avgpool, conv+ReLU, global avg pool, dense+ReLU, dropout, softmax output. */
    static MultiLayerNetwork cnn(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).padding(1, 1).activation(Activation.IDENTITY)
                        .name("conv1").build())
                .layer(new BatchNormalization.Builder().name("bn1").build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).name("relu1").build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).name("pool1")
                        .build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).name("conv2").build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).name("gap").build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).name("fc1").build())
                .layer(new DropoutLayer.Builder(0.8).name("drop").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).name("out").build())
                .setInputType(InputType.convolutional(H, W, C)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** A dense ReLU network on flat input. */
    static MultiLayerNetwork mlp(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(12).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(C * H * W)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Images in [0, 1] whose class is the brightest of three regions, so that a few training steps give an ANN with
     * meaningful activations and batch-norm statistics.
     */
    static List<DataSet> batches(int count, int batch, long seed, boolean flat) {
        Nd4j.getRandom().setSeed(seed);
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, C, H, W).muli(0.5);
            INDArray y = Nd4j.zeros(DataType.FLOAT, batch, CLASSES);
            for (int b = 0; b < batch; b++) {
                int k = (i * batch + b) % CLASSES;
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(k * 2, k * 2 + 3),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).addi(0.5);
                y.putScalar(b, k, 1);
            }
            out.add(new DataSet(flat ? x.reshape('c', batch, C * H * W) : x, y));
        }
        return out;
    }

    static DataSetIterator iterator(List<DataSet> batches) {
        return new ListDataSetIterator<>(batches, 1);
    }

    /** A few epochs of training, so that BN statistics and weights are not at their initial values. */
    static MultiLayerNetwork trained(MultiLayerNetwork net, List<DataSet> data, int epochs) {
        for (int e = 0; e < epochs; e++) {
            net.fit(iterator(data));
        }
        return net;
    }
}
