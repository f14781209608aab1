package org.dl4j.snn.nir;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.NeuronLayer;
import org.dl4j.snn.neuron.internal.FlatArray;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.internal.NeuronKernel;
import org.dl4j.snn.neuron.internal.ParamValues;
import org.dl4j.snn.neuron.internal.Geometry;
import org.dl4j.snn.neuron.Reset;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The membrane potentials of one neuron node of an imported network: the network imported without fusing
 * (each neuron its own SpikingNeuron layer) gives the node's input current X through feedForward, and the
 * library's neuron kernel (the code the layer runs) gives H (after charge) and S on it; V = S ? vReset : H.
 * Tensors come back time-major, as the fixtures store them.
 */
final class NeuronProbe {
    private NeuronProbe() {
    }

    /** {H, V, S} of {@code node}, time-major. */
    static INDArray[] potentials(NirModel unfused, String node, INDArray timeMajorInput) {
        INDArray x = NirModel.toNetworkLayout(timeMajorInput);
        String layerName = unfused.layerOf(node);
        INDArray current;
        Layer conf;
        Map<String, INDArray> params;
        if (unfused.network() instanceof MultiLayerNetwork m) {
            int idx = -1;
            for (int i = 0; i < m.getnLayers(); i++) {
                if (layerName.equals(m.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName())) idx = i;
            }
            List<INDArray> acts = m.feedForward(x, false);
            current = acts.get(idx);
            conf = m.getLayerWiseConfigurations().getConf(idx).getLayer();
            params = m.getLayer(idx).paramTable();
        } else {
            ComputationGraph g = (ComputationGraph) unfused.network();
            Map<String, INDArray> acts = g.feedForward(new INDArray[] {x}, false, false);
            String in = g.getConfiguration().getVertexInputs().get(layerName).get(0);
            current = acts.get(in);
            conf = g.getLayer(layerName).conf().getLayer();
            params = g.getLayer(layerName).paramTable();
        }
        NeuronConfig cfg = ((NeuronLayer) conf).getNeuron();
        long[] s = current.shape();
        int batch = (int) s[0];
        int channels = (int) s[1];
        int steps = (int) s[2];
        int spatial = s.length == 5 ? (int) (s[3] * s[4]) : 1;
        float[] xs = current.dup('c').castTo(DataType.FLOAT).data().asFloat();
        float[] out = new float[xs.length];
        NeuronKernel.Trace tr = new NeuronKernel(cfg, 1).forward(new Geometry(batch, channels, steps, spatial),
                FlatArray.of(xs), ParamValues.fromTable(params), null, FlatArray.of(out), true);
        double[] h = tr.membrane().toDoubleArray();
        double[] v = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            v[i] = out[i] == 1 ? (cfg.reset() == Reset.HARD ? cfg.vReset() : h[i] - cfg.theta()) : h[i];
        }
        INDArray hA = Nd4j.create(h, s, 'c').castTo(DataType.FLOAT);
        INDArray vA = Nd4j.create(v, s, 'c').castTo(DataType.FLOAT);
        INDArray sA = Nd4j.create(out, s, 'c');
        return new INDArray[] {NirModel.toTimeMajor(hA), NirModel.toTimeMajor(vA), NirModel.toTimeMajor(sA)};
    }
}
