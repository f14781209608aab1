package org.dl4j.snn.monitor;

import java.util.List;
import java.util.function.Predicate;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The networks {@link SpikeMonitorOverhead} times. */
final class OverheadNetworks {
    private OverheadNetworks() {
    }

    record Case(String name, MultiLayerNetwork net, DataSet batch, Predicate<Layer> spiking) {
    }

    static List<Case> cases() {
        // Stand-in with the activation sizes of the SHD-like MLP (700-256-256-20, T = 100, batch 32).
        MultiLayerNetwork rnn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).list()
                .layer(new SimpleRnn.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new SimpleRnn.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(20).build())
                .setInputType(InputType.recurrent(700, 100)).build());
        rnn.init();
        return List.of(new Case("SimpleRnn 700-256-256-20, T=100, batch 32 (stand-in)", rnn,
                SpikeMonitorOverhead.spikeBatch(32, 700, 100, 20, 0.05), l -> l instanceof SimpleRnn));
    }
}
