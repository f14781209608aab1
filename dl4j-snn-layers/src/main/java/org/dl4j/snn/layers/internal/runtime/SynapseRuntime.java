package org.dl4j.snn.layers.internal.runtime;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.SynapseLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The synapse half of a {@link FusedRuntime}: the currents {@code z = W x + b} of all T steps at once, and dL/dW,
 * dL/db, dL/dx from dL/dz, each pass by one of the synapse's kernels ({@link #kernels()}: the stock one and the fast
 * ones, chosen per forward pass).
 *
 * @param <R> what the spike-driven kernel keeps of the input for the backward pass (its raster)
 */
abstract class SynapseRuntime<R> {

    /**
     * One pass of the synapse. The runtime fills in the input side per phase (an array of the forward pass may live
     * in a workspace that the backward pass finds closed), the kernel writes the rest.
     */
    static final class Pass<R> extends KernelChoice.Pass {
        /** The input in the layer's data type, checked, laid out as the kernels read it. */
        INDArray x;
        /** Forward: the currents, allocated by the runtime. */
        INDArray z;
        /** Backward: dL/dz, and the gradient that dL/dW and dL/db are registered in. */
        INDArray dz;
        Gradient g;
        /** Backward: dL/dx, written by the kernel (zeros when DL4J discards it, see {@link InputGradient}). */
        INDArray dx;
        /** Forward: what the spike-driven kernel found in the input, for its forward and backward. */
        R raster;

        Pass(INDArray input, LayerWorkspaceMgr mgr) {
            super(input, mgr);
        }
    }

    final FusedRuntime layer;

    SynapseRuntime(FusedRuntime layer) {
        this.layer = layer;
    }

    /** The synapse's kernels: the stock one and the fast ones. */
    abstract KernelChoice<Pass<R>> kernels();

    /** {@code input} in the layer's data type, checked, laid out as the kernels read it (copies in {@code type}). */
    abstract INDArray input(INDArray input, LayerWorkspaceMgr mgr, ArrayType type);

    /** The layer's configuration. */
    SynapseLayer<?> conf() {
        return (SynapseLayer<?>) layer.layerConf();
    }

    /** The currents of {@code input}, for all T steps, in a new array of {@code zType}. */
    final INDArray forward(INDArray input, ArrayType zType, LayerWorkspaceMgr mgr) {
        Pass<R> pass = new Pass<>(input, mgr);
        pass.x = input(input, mgr, ArrayType.FF_WORKING_MEM);
        pass.z = mgr.createUninitialized(zType, layer.dataType(),
                conf().getSynapse().outputShape(pass.x.shape(), conf().getNOut()), 'c');
        kernels().forward(pass);
        return pass.z;
    }

    /** dL/dW and dL/db into the gradient views (registered in {@code g}) from {@code dz}; returns dL/dx. */
    final INDArray backward(INDArray input, INDArray dz, Gradient g, LayerWorkspaceMgr mgr) {
        Pass<R> pass = kernels().passFor(input, () -> new Pass<>(input, mgr));
        pass.mgr = mgr;
        pass.x = input(input, mgr, ArrayType.BP_WORKING_MEM);
        pass.dz = dz;
        pass.g = g;
        kernels().backward(pass, true);
        return pass.dx;
    }
}
