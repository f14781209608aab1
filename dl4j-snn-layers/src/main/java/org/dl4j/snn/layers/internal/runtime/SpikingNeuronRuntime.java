package org.dl4j.snn.layers.internal.runtime;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.neuron.internal.Geometry;
import org.dl4j.snn.neuron.internal.State;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link SpikingNeuron}: the input is the current; one {@link org.dl4j.snn.neuron.internal.NeuronKernel}
 * pass over {@code [batch*C, T, S]} forward and its BPTT backward. Streams with {@code rnnTimeStep}.
 */
public class SpikingNeuronRuntime extends NeuronLayerRuntime<SpikingNeuron> {
    private static final long serialVersionUID = 1L;

    public SpikingNeuronRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private Geometry shape(INDArray x) {
        TimeLayout.requireRank(x, who(), 3, 5);
        long channels = layerConf().getNIn();
        long spatial = x.rank() == 5 ? x.size(3) * x.size(4) : 1;
        if (x.size(1) != channels || spatial != layerConf().getSpatial()) {
            throw new IllegalArgumentException(who() + ": expected " + channels + " channels"
                    + (x.rank() == 5 ? " and H*W = " + layerConf().getSpatial() : "") + ", got input shape "
                    + Arrays.toString(x.shape()));
        }
        return new Geometry(Math.toIntExact(x.size(0)), Math.toIntExact(channels), Math.toIntExact(x.size(2)),
                Math.toIntExact(spatial));
    }

    private INDArray currents(LayerWorkspaceMgr mgr) {
        INDArray x = input.castTo(dataType);
        if (!TimeLayout.isDenseC(x) || x.offset() != x.data().offset()) {
            x = mgr.dup(ArrayType.FF_WORKING_MEM, x, 'c');
        }
        return x;
    }

    @Override
    protected Pair<INDArray, State> forward(boolean training, State initial, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray x = currents(mgr);
        Geometry shape = shape(x);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        State last = neuron.forward(layerConf().getNeuron(), shape, x, paramTable(), initial, out, training,
                who());
        // A non-finite input current always reaches the final state (State.isFinite), so checking the state
        // (T times smaller than the input) replaces a reduction over the input.
        if (!last.isFinite() && (initial == null || initial.isFinite())) {
            NeuronRuntime.requireFinite(x, who());
        }
        return new Pair<>(out, last);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        ensureTrace();
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, epsilon.shape(), 'c');
        Gradient g = new DefaultGradient(gradientsFlattened);
        neuron.backward(epsilon, dx, gradientViews, g, dataType, workspaceMgr, who());
        return new Pair<>(g, backpropDropOutIfPresent(dx));
    }
}
