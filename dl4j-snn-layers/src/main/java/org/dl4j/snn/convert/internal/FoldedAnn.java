package org.dl4j.snn.convert.internal;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ANN after batch-norm folding as a plain DL4J network, one layer per {@link AnnOp} (layer i is op i), so that
 * {@code feedForward} gives the output of every step: calibration reads the ReLU outputs from it, and its last
 * activation is the ANN's logits.
 */
public final class FoldedAnn {
    private FoldedAnn() {
    }

    /**
     * @param ops       folded steps (no batch normalisation)
     * @param inputType the ANN's input: feed-forward, convolutional (NCHW) or convolutionalFlat
     */
    public static MultiLayerNetwork build(List<AnnOp> ops, InputType inputType) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list();
        for (AnnOp op : ops) {
            list.layer(layer(op));
        }
        MultiLayerConfiguration conf = list.setInputType(inputType).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        for (int i = 0; i < ops.size(); i++) {
            AnnOp op = ops.get(i);
            if (op instanceof AnnOp.Conv c) {
                set(net, i, c.weight(), c.bias());
            } else if (op instanceof AnnOp.Dense d) {
                set(net, i, d.weight(), d.bias());
            }
        }
        return net;
    }

    private static void set(MultiLayerNetwork net, int i, INDArray w, INDArray b) {
        INDArray pw = net.getLayer(i).getParam(DefaultParamInitializer.WEIGHT_KEY);
        pw.assign(w.reshape(pw.shape()));
        INDArray pb = net.getLayer(i).getParam(DefaultParamInitializer.BIAS_KEY);
        pb.assign(b.reshape(pb.shape()));
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layer(AnnOp op) {
        if (op instanceof AnnOp.Conv c) {
            return new ConvolutionLayer.Builder(c.kernel()).nOut(c.nOut()).stride(c.stride()).padding(c.padding())
                    .dilation(c.dilation()).convolutionMode(c.mode()).activation(Activation.IDENTITY).hasBias(true)
                    .name(c.layer()).build();
        }
        if (op instanceof AnnOp.Dense d) {
            return new DenseLayer.Builder().nOut(d.nOut()).activation(Activation.IDENTITY).hasBias(true)
                    .name(d.layer()).build();
        }
        if (op instanceof AnnOp.Relu r) {
            return new ActivationLayer.Builder().activation(Activation.RELU).name(r.layer() + "/relu").build();
        }
        if (op instanceof AnnOp.Pool p) {
            SubsamplingLayer s = new SubsamplingLayer.Builder(p.type(), p.kernel(), p.stride(), p.padding())
                    .dilation(p.dilation()).convolutionMode(p.mode()).name(p.layer()).build();
            s.setAvgPoolIncludePadInDivisor(p.avgPoolIncludePadInDivisor());
            return s;
        }
        if (op instanceof AnnOp.GlobalPool g) {
            return new GlobalPoolingLayer.Builder(g.type()).name(g.layer()).build();
        }
        throw new IllegalStateException("FoldedAnn: unexpected step " + op);
    }
}
