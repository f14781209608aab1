package org.dl4j.snn.examples.bench.jmh;

import java.util.List;
import java.util.function.Predicate;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.monitor.internal.SpikingLayers;
import org.dl4j.snn.neuron.NeuronConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** The networks {@link SpikeMonitorOverhead} times: the DESIGN.md anchors, with PLIF neurons. */
final class OverheadNetworks {
    private OverheadNetworks() {
    }

    record Case(String name, MultiLayerNetwork net, DataSet batch, Predicate<Layer> spiking) {
    }

    private static NeuronConfig plif() {
        return NeuronConfig.builder().tau(2.0).learnTau(true).build();
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-3));
    }

    static List<Case> cases() {
        MultiLayerNetwork mlp = new MultiLayerNetwork(base().list()
                .layer(new SpikingDense.Builder(256).neuron(plif()).build())
                .layer(new SpikingDense.Builder(256).neuron(plif()).build())
                .layer(new SpikingDense.Builder(20).neuron(NeuronConfig.builder().spiking(false).build()).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(700, 100)).build());
        mlp.init();
        DataSet shd = new DataSet(Nd4j.rand(DataType.FLOAT, 32, 700, 100).lt(0.05).castTo(DataType.FLOAT),
                oneHot(32, 20));

        MultiLayerNetwork conv = new MultiLayerNetwork(base().list()
                .layer(new SpikingConv.Builder(32, 3).convolutionMode(ConvolutionMode.Same).neuron(plif()).build())
                .layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build())
                .layer(new SpikingConv.Builder(32, 3).convolutionMode(ConvolutionMode.Same).neuron(plif()).build())
                .layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build())
                .layer(new SpikingDense.Builder(10).neuron(NeuronConfig.builder().spiking(false).build()).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 10, 34, 34, 2)).build());
        conv.init();
        DataSet nmnist = new DataSet(Nd4j.rand(DataType.FLOAT, 16, 2, 10, 34, 34).lt(0.1).castTo(DataType.FLOAT),
                oneHot(16, 10));
        return List.of(
                new Case("SpikingDense PLIF 700-256-256-20, T=100, batch 32", mlp, shd, SpikingLayers::isSpiking),
                new Case("SpikingConv PLIF 2x34x34-c32-p2-c32-p2-10, T=10, batch 16", conv, nmnist,
                        SpikingLayers::isSpiking));
    }

    private static INDArray oneHot(int b, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, b, classes);
        for (int i = 0; i < b; i++) {
            y.putScalar(i, i % classes, 1);
        }
        return y;
    }
}
