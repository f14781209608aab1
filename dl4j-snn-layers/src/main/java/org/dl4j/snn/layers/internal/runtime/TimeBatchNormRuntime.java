package org.dl4j.snn.layers.internal.runtime;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.BatchNormKernel;
import org.dl4j.snn.layers.internal.kernel.Kernel;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime of {@link org.dl4j.snn.layers.TimeBatchNorm}: DL4J's batch-norm runtime on an NCHW view in which time is a
 * spatial axis. {@code [b, C, T, H, W] -> [b, C, T*H, W]} and {@code [b, N, T] -> [b, N, T, 1]} (both free reshapes),
 * so the per-channel statistics run over {@code (b, t, h, w)}; outputs and gradients are reshaped back.
 *
 * <p>Two {@link Kernel}s, chosen per forward pass ({@link KernelChoice}): the stock one is DL4J's runtime on that
 * view; {@link BatchNormKernel} takes the training passes of float32 layers with learnable gamma/beta (libnd4j's
 * per-channel reductions are the slow part of the stock path) with the stock semantics around it: the same
 * parameters, the same gradients for gamma/beta, and the stock "distributed safe" running-statistics update through
 * the gradients of "mean" and "var"/"log10stdev" ({@code (1 - decay) * (global - batch)} and
 * {@code log10(std[t] / std[t+1])}). Inference, other data types and lockGammaBeta take the stock kernel.
 */
public class TimeBatchNormRuntime extends BatchNormalization {
    private static final long serialVersionUID = 1L;

    private final transient Stock stock = new Stock();
    private final transient KernelChoice<Pass> kernels = new KernelChoice<>(stock, new Fast(), new Inference());

    public TimeBatchNormRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * One pass over the input ({@code [b, C, T]} or {@code [b, C, T, H, W]}): forward writes {@code out}; the fast
     * kernel leaves the batch statistics for backward, which writes {@code gradients} from {@code epsilon}.
     */
    private static final class Pass extends KernelChoice.Pass {
        final boolean training;
        INDArray out;
        double[] batchMean;
        double[] batchVar;
        INDArray epsilon;
        Pair<Gradient, INDArray> gradients;

        Pass(INDArray x, boolean training, LayerWorkspaceMgr mgr) {
            super(x, mgr);
            this.training = training;
        }

        /** Batch, channels and the elements per (sample, channel) of the input. */
        int[] geometry() {
            int batch = (int) input.size(0);
            int channels = (int) input.size(1);
            return new int[] {batch, channels, (int) (input.length() / Math.max(1L, (long) batch * channels))};
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        StepBatch.record(input);
        checkInput(input);
        Pass pass = new Pass(input, training, workspaceMgr);
        kernels.forward(pass);
        return pass.out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = input;
        if (!Arrays.equals(epsilon.shape(), x.shape())) {
            throw new IllegalArgumentException(layerId() + ": gradient shape " + Arrays.toString(epsilon.shape())
                    + " differs from input shape " + Arrays.toString(x.shape()));
        }
        Pass pass = kernels.passFor(x, () -> new Pass(x, true, workspaceMgr));
        pass.mgr = workspaceMgr;
        pass.epsilon = epsilon;
        // The fast kernel's backward takes float32 gradients.
        kernels.backward(pass, epsilon.dataType() == DataType.FLOAT);
        return pass.gradients;
    }

    @Override
    public void clear() {
        super.clear();
        kernels.clear();
    }

    /** DL4J's runtime on the NCHW view. */
    private final class Stock implements Kernel<Pass> {
        @Override
        public boolean nativeLoops() {
            return true;
        }

        @Override
        public void forward(Pass pass) {
            INDArray x = pass.input;
            input = asImage(x, pass.mgr, ArrayType.INPUT);
            INDArray out;
            try {
                out = TimeBatchNormRuntime.super.activate(pass.training, pass.mgr);
            } finally {
                input = x;
            }
            pass.out = TimeLayout.reshapeC(out, pass.mgr, ArrayType.ACTIVATIONS, x.shape());
        }

        @Override
        public void backward(Pass pass) {
            INDArray x = pass.input;
            INDArray eps = asImage(pass.epsilon, pass.mgr, ArrayType.ACTIVATION_GRAD);
            input = asImage(x, pass.mgr, ArrayType.INPUT);
            Pair<Gradient, INDArray> ret;
            try {
                ret = TimeBatchNormRuntime.super.backpropGradient(eps, pass.mgr);
            } finally {
                input = x;
            }
            ret.setSecond(TimeLayout.reshapeC(ret.getSecond(), pass.mgr, ArrayType.ACTIVATION_GRAD, x.shape()));
            pass.gradients = ret;
        }
    }

    /** {@link BatchNormKernel} for training passes of float32 layers with learnable gamma/beta. */
    private final class Fast implements Kernel<Pass> {
        @Override
        public boolean appliesTo(Pass pass) {
            return pass.training && dataType == DataType.FLOAT && pass.input.dataType() == DataType.FLOAT
                    && !layerConf().isLockGammaBeta() && pass.input.length() < Integer.MAX_VALUE - 8;
        }

        @Override
        public void forward(Pass pass) {
            INDArray x = pass.input;
            int[] g = pass.geometry();
            int channels = g[1];
            double[] mean = new double[channels];
            double[] var = new double[channels];
            INDArray out = pass.mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
            BatchNormKernel.forward(buffer(dense(x)), buffer(out), g[0], channels, g[2],
                    TimeLayout.floats(getParam(BatchNormalizationParamInitializer.GAMMA)),
                    TimeLayout.floats(getParam(BatchNormalizationParamInitializer.BETA)), layerConf().getEps(), mean,
                    var);
            pass.batchMean = mean;
            pass.batchVar = var;
            // The stock caches belong to the stock kernel only; a stale pair must not survive this pass.
            xHat = null;
            xMu = null;
            pass.out = out;
        }

        @Override
        public void backward(Pass pass) {
            INDArray x = pass.input;
            int[] geometry = pass.geometry();
            int channels = geometry[1];
            double[] batchMean = pass.batchMean;
            double[] batchVar = pass.batchVar;
            // As the stock path (which keeps xHat from the forward pass), backprop uses the forward pass's input.
            double[] dGamma = new double[channels];
            double[] dBeta = new double[channels];
            double eps = layerConf().getEps();
            LayerWorkspaceMgr workspaceMgr = pass.mgr;
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(), 'c');
            BatchNormKernel.backward(buffer(dense(x)), buffer(dense(pass.epsilon)), buffer(dx), geometry[0], channels,
                    geometry[2], TimeLayout.floats(getParam(BatchNormalizationParamInitializer.GAMMA)), eps, batchMean,
                    batchVar, dGamma, dBeta);

            Gradient ret = new DefaultGradient();
            INDArray dGammaView = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
            INDArray dBetaView = gradientViews.get(BatchNormalizationParamInitializer.BETA);
            INDArray dMeanView = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            INDArray globalMean = getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            double decay = layerConf().getDecay();
            boolean logStd = layerConf().isUseLogStd();
            String varKey = logStd ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                    : BatchNormalizationParamInitializer.GLOBAL_VAR;
            INDArray globalVarParam = getParam(varKey);
            INDArray dVarView = gradientViews.get(varKey);
            for (int c = 0; c < channels; c++) {
                dGammaView.putScalar(c, dGamma[c]);
                dBetaView.putScalar(c, dBeta[c]);
                // Stock update through the gradient (the updater does not divide these by the minibatch):
                // mean[t+1] = mean[t] - (1 - decay) * (mean[t] - batchMean)
                dMeanView.putScalar(c, (globalMean.getDouble(c) - batchMean[c]) * (1 - decay));
                if (logStd) {
                    // var[t+1] = decay * var[t] + (1 - decay) * batchVar; gradient log10(std[t]) - log10(std[t+1])
                    double std = Math.pow(10.0, globalVarParam.getDouble(c));
                    double vari = std * std;
                    double varip1 = vari * decay + batchVar[c] * (1 - decay);
                    dVarView.putScalar(c, Math.log(vari / varip1) / (2 * Math.log(10.0)));
                } else {
                    dVarView.putScalar(c, (globalVarParam.getDouble(c) - batchVar[c]) * (1 - decay));
                }
            }
            ret.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
            ret.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
            ret.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, dMeanView);
            ret.setGradientFor(varKey, dVarView);
            pass.gradients = new Pair<>(ret, dx);
        }
    }

    /**
     * {@link BatchNormKernel#inference} for inference passes of float32 layers with learnable gamma/beta: the stock
     * layer computes the same values with four broadcast ops and then copies x - mean and xhat out of the workspace
     * for a backward pass that inference does not have (an epoch's test pass spent most of its time there).
     */
    private final class Inference implements Kernel<Pass> {
        @Override
        public boolean appliesTo(Pass pass) {
            return !pass.training && dataType == DataType.FLOAT && pass.input.dataType() == DataType.FLOAT
                    && !layerConf().isLockGammaBeta() && pass.input.length() < Integer.MAX_VALUE - 8;
        }

        @Override
        public void forward(Pass pass) {
            INDArray x = pass.input;
            int[] g = pass.geometry();
            INDArray out = pass.mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
            BatchNormKernel.inference(buffer(dense(x)), buffer(out), g[0], g[1], g[2],
                    TimeLayout.floats(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN)),
                    TimeLayout.floats(runningStd()),
                    TimeLayout.floats(getParam(BatchNormalizationParamInitializer.GAMMA)),
                    TimeLayout.floats(getParam(BatchNormalizationParamInitializer.BETA)));
            xHat = null;
            xMu = null;
            pass.out = out;
        }

        /** A backward pass after an inference forward (rare: a frozen layer) is the stock layer's, forward and all. */
        @Override
        public void backward(Pass pass) {
            stock.forward(pass);
            stock.backward(pass);
        }
    }

    /** sqrt(running variance + eps), computed as DL4J's stock inference pass does (in the layer's data type). */
    private INDArray runningStd() {
        INDArray var;
        if (layerConf().isUseLogStd()) {
            INDArray log10s = getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            var = Transforms.pow(Nd4j.valueArrayOf(log10s.shape(), 10.0, dataType), log10s);
            var.muli(var);
        } else {
            var = getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
        }
        return Transforms.sqrt(var.add(layerConf().getEps()));
    }

    /** The buffer of a dense array (see {@link #dense}), positioned at its first element. */
    private static FloatBuffer buffer(INDArray dense) {
        return dense.data().asNioFloat();
    }

    /** {@code a} when {@link TimeLayout#isDenseFromStart}, else such a copy. */
    private static INDArray dense(INDArray a) {
        return TimeLayout.isDenseFromStart(a) ? a : a.dup('c');
    }

    private void checkInput(INDArray x) {
        TimeLayout.requireRank(x, layerId(), 3, 5);
        long channels = layerConf().getNOut();
        if (x.size(1) != channels) {
            throw new IllegalArgumentException(layerId() + ": expected " + channels + " channels in dimension 1, "
                    + "got shape " + Arrays.toString(x.shape()));
        }
    }

    /** The NCHW view with time folded into the spatial axes: {@code [b, C, T*H, W]} or {@code [b, N, T, 1]}. */
    private static INDArray asImage(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
        if (a.rank() == 3) {
            return TimeLayout.reshapeC(a, mgr, type, a.size(0), a.size(1), a.size(2), 1);
        }
        return TimeLayout.reshapeC(a, mgr, type, a.size(0), a.size(1), a.size(2) * a.size(3), a.size(4));
    }
}
