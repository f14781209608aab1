package org.dl4j.snn.examples.presets;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.TimeBatchNorm;
import org.dl4j.snn.layers.TimeConv;
import org.dl4j.snn.layers.TimeDropout;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.layers.VotingReadout;
import org.dl4j.snn.loss.TemporalLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The papers' network shapes as DL4J configurations (PLIF, Fang et al. 2021; Rouser's MLPs), with the width as a
 * parameter so the same shape runs on a laptop CPU or at the paper's size.
 */
public final class Networks {
    private Networks() {}

    /** The run-wide settings of every preset network. */
    static NeuralNetConfiguration.ListBuilder base(long seed, double learningRate) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).updater(new Adam(learningRate)).list();
    }

    /**
     * PLIF's neuromorphic network: {@code {c<width>k3-BN-neuron-MP2} x blocks - DP0.5 - FC(width*(H/2^blocks)^2/4) -
     * neuron - DP0.5 - FC(10*classes) - neuron - vote(10)}, input {@code [batch, channels, T, H, W]}.
     */
    public static MultiLayerConfiguration neuromorphic(int channels, int height, int width, int steps, int classes,
                                                       int blocks, int convWidth, NetworkOptions o, long seed,
                                                       double learningRate) {
        NeuralNetConfiguration.ListBuilder b = base(seed, learningRate);
        int h = height;
        int w = width;
        for (int i = 0; i < blocks; i++) {
            b.layer(new TimeConv.Builder(convWidth, 3).padding(1, 1).hasBias(false).build());
            b.layer(new TimeBatchNorm());
            b.layer(new SpikingNeuron.Builder(o.spikingNeuron()).build());
            b.layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build());
            h /= 2;
            w /= 2;
        }
        int hidden = Math.max(classes * 10, convWidth * h * w / 4);
        b.layer(new SpikingDense.Builder(hidden).neuron(o.spikingNeuron()).engine(o.engineValue())
                .dropOut(new TimeDropout(0.5)).build());
        b.layer(new SpikingDense.Builder(classes * 10).neuron(o.spikingNeuron()).engine(o.engineValue())
                .dropOut(new TimeDropout(0.5)).build());
        b.layer(new VotingReadout.Builder(10).build());
        b.layer(new TemporalLossLayer.Builder(o.temporalLoss()).build());
        return b.setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, steps, height, width, channels))
                .build();
    }

    /**
     * A fully connected spiking network {@code inputs - hidden... - classes}, spiking hidden layers and a
     * non-spiking leaky-integrator readout, input {@code [batch, inputs, T]} (Rouser's 700-200-200-20 on SHD,
     * 2*34*34-500-500-10 on N-MNIST).
     */
    public static MultiLayerConfiguration mlp(int inputs, int steps, int classes, int[] hidden, NetworkOptions o,
                                              long seed, double learningRate, TemporalLoss loss) {
        NeuralNetConfiguration.ListBuilder b = base(seed, learningRate);
        for (int n : hidden) {
            b.layer(new SpikingDense.Builder(n).neuron(o.spikingNeuron()).engine(o.engineValue()).build());
        }
        b.layer(new SpikingDense.Builder(classes).neuron(o.readoutNeuron()).engine(o.engineValue()).build());
        b.layer(new TemporalLossLayer.Builder(loss).build());
        return b.setInputType(InputType.recurrent(inputs, steps)).build();
    }
}
