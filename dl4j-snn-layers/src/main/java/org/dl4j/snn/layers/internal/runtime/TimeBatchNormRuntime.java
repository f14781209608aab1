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
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Runtime of {@link org.dl4j.snn.layers.TimeBatchNorm}: DL4J's batch-norm runtime on an NCHW view in which time is a
 * spatial axis. {@code [b, C, T, H, W] -> [b, C, T*H, W]} and {@code [b, N, T] -> [b, N, T, 1]} (both free reshapes),
 * so the per-channel statistics run over {@code (b, t, h, w)}; outputs and gradients are reshaped back.
 *
 * <p>Training-mode forward and backward of float32 layers with learnable gamma/beta run in {@link BatchNormKernel}
 * instead (libnd4j's per-channel reductions are the slow part of the stock path), with the stock semantics around
 * it: the same parameters, the same gradients for gamma/beta, and the stock "distributed safe" running-statistics
 * update through the gradients of "mean" and "var"/"log10stdev" ({@code (1 - decay) * (global - batch)} and
 * {@code log10(std[t] / std[t+1])}). Inference, other data types and lockGammaBeta use the stock path.
 */
public class TimeBatchNormRuntime extends BatchNormalization {
    private static final long serialVersionUID = 1L;

    /**
     * {@code -Dsnn.timeBatchNorm.kernel=false} sends every TimeBatchNorm through the stock path (A/B timing of the
     * same build).
     */
    static final String KERNEL_PROPERTY = "snn.timeBatchNorm.kernel";

    /** Off in tests that compare against the stock path, or by {@link #KERNEL_PROPERTY}. */
    private boolean kernelEnabled = !"false".equalsIgnoreCase(System.getProperty(KERNEL_PROPERTY));
    /**
     * Batch statistics of the last kernel forward pass (null after a stock forward pass): with the layer's input,
     * what backprop uses.
     */
    private transient double[] batchMean;
    private transient double[] batchVar;
    /** Shape of the input of the last kernel forward pass. */
    private transient long[] batchShape;

    public TimeBatchNormRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** For tests: {@code false} sends every pass through DL4J's stock runtime. */
    public void setKernelEnabled(boolean enabled) {
        this.kernelEnabled = enabled;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = input;
        checkInput(x);
        if (training && kernelApplies(x)) {
            return kernelForward(x, workspaceMgr);
        }
        batchMean = null;
        batchVar = null;
        input = asImage(x, workspaceMgr, ArrayType.INPUT);
        INDArray out;
        try {
            out = super.activate(training, workspaceMgr);
        } finally {
            input = x;
        }
        return TimeLayout.reshapeC(out, workspaceMgr, ArrayType.ACTIVATIONS, x.shape());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = input;
        if (!Arrays.equals(epsilon.shape(), x.shape())) {
            throw new IllegalArgumentException(layerId() + ": gradient shape " + Arrays.toString(epsilon.shape())
                    + " differs from input shape " + Arrays.toString(x.shape()));
        }
        if (batchMean != null && kernelApplies(x) && epsilon.dataType() == DataType.FLOAT) {
            return kernelBackward(x, epsilon, workspaceMgr);
        }
        INDArray eps = asImage(epsilon, workspaceMgr, ArrayType.ACTIVATION_GRAD);
        input = asImage(x, workspaceMgr, ArrayType.INPUT);
        Pair<Gradient, INDArray> ret;
        try {
            ret = super.backpropGradient(eps, workspaceMgr);
        } finally {
            input = x;
        }
        ret.setSecond(TimeLayout.reshapeC(ret.getSecond(), workspaceMgr, ArrayType.ACTIVATION_GRAD, x.shape()));
        return ret;
    }

    private boolean kernelApplies(INDArray x) {
        return kernelEnabled && dataType == DataType.FLOAT && x.dataType() == DataType.FLOAT
                && !layerConf().isLockGammaBeta() && x.length() < Integer.MAX_VALUE - 8;
    }

    private INDArray kernelForward(INDArray x, LayerWorkspaceMgr workspaceMgr) {
        int batch = (int) x.size(0);
        int channels = (int) x.size(1);
        int span = (int) (x.length() / Math.max(1L, (long) batch * channels));
        double[] mean = new double[channels];
        double[] var = new double[channels];
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
        BatchNormKernel.forward(buffer(dense(x)), buffer(out), batch, channels, span,
                TimeLayout.floats(getParam(BatchNormalizationParamInitializer.GAMMA)),
                TimeLayout.floats(getParam(BatchNormalizationParamInitializer.BETA)), layerConf().getEps(), mean, var);
        batchMean = mean;
        batchVar = var;
        batchShape = x.shape();
        // The stock caches belong to the stock path only; a stale pair must not survive this pass.
        xHat = null;
        xMu = null;
        return out;
    }

    private Pair<Gradient, INDArray> kernelBackward(INDArray x, INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        int batch = (int) x.size(0);
        int channels = (int) x.size(1);
        int span = (int) (x.length() / Math.max(1L, (long) batch * channels));
        if (!Arrays.equals(batchShape, x.shape())) {
            throw new IllegalStateException(layerId() + ": backprop input of shape " + Arrays.toString(x.shape())
                    + " does not match the last training forward pass (" + Arrays.toString(batchShape) + ")");
        }
        // As the stock path (which keeps xHat from the forward pass), backprop uses the forward pass's input.
        double[] dGamma = new double[channels];
        double[] dBeta = new double[channels];
        double eps = layerConf().getEps();
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(), 'c');
        BatchNormKernel.backward(buffer(dense(x)), buffer(dense(epsilon)), buffer(dx), batch, channels, span,
                TimeLayout.floats(getParam(BatchNormalizationParamInitializer.GAMMA)), eps, batchMean, batchVar, dGamma, dBeta);

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
        return new Pair<>(ret, dx);
    }

    /** The buffer of a dense array (see {@link #dense}), positioned at its first element. */
    private static FloatBuffer buffer(INDArray dense) {
        return dense.data().asNioFloat();
    }

    /** {@code a} when it is dense C order from the start of its buffer, else such a copy. */
    private static INDArray dense(INDArray a) {
        return isDense(a) ? a : a.dup('c');
    }

    /** C order, default strides, at the start of its buffer: the flat buffer is the array. */
    private static boolean isDense(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && a.offset() == 0
                && a.data().offset() == 0;
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
