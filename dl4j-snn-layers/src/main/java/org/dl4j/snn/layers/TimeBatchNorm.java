package org.dl4j.snn.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.runtime.TimeBatchNormRuntime;
import org.dl4j.snn.layers.internal.runtime.Runtimes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Batch normalisation through time (tdBN-style, as SpikingJelly's {@code SeqToANNContainer(BatchNorm2d)} in the PLIF
 * networks): one mean and variance per channel, taken over batch, time and space.
 * {@code y[b, c, ...] = gamma[c] * (x[b, c, ...] - mu[c]) / sqrt(var[c] + eps) + beta[c]}, with {@code mu, var} the
 * biased statistics over all {@code (b, t, h, w)} of channel c in training, and the running estimates
 * {@code m <- decay * m + (1 - decay) * mu} in inference.
 *
 * <p>Accepts conv activations {@code [batch, C, T, H, W]} (statistics over b, T, H, W) and dense activations
 * {@code [batch, N, T]} (statistics over b, T, per neuron). The runtime hands DL4J's {@link BatchNormalization}
 * runtime the free views {@code [batch, C, T*H, W]} and {@code [batch, N, T, 1]} (NCHW), so parameters ("gamma",
 * "beta", "mean", "log10stdev" or "var"), updaters, running statistics and helpers are DL4J's own (float32 training
 * passes compute the same in plain-Java loops, {@link org.dl4j.snn.layers.internal.kernel.BatchNormKernel}, for speed).
 * Differences from PyTorch's {@code BatchNorm2d}: {@code decay = 1 - momentum} (default 0.9 = momentum 0.1) and the
 * running variance is updated with the biased batch variance. Time steps excluded by a mask still count in the
 * statistics, as in SpikingJelly.
 */
public class TimeBatchNorm extends BatchNormalization {
    private static final long serialVersionUID = 1L;

    /** Stock defaults (decay 0.9, eps 1e-5, learnable gamma/beta, log10-std running estimate); also for Jackson. */
    public TimeBatchNorm() {
        super();
    }

    /**
     * The same normalisation as a configured stock {@link BatchNormalization} (every field copied), through time.
     *
     * @throws IllegalStateException if {@code stock} is configured for NHWC data
     */
    public static TimeBatchNorm of(BatchNormalization stock) {
        if (stock.getCnn2DFormat() != CNN2DFormat.NCHW) {
            throw new IllegalStateException(TimeLayout.describe("TimeBatchNorm", stock.getLayerName(), -1)
                    + ": dataFormat must be NCHW (activations are [batch, C, T, H, W] or [batch, N, T]), got "
                    + stock.getCnn2DFormat());
        }
        TimeBatchNorm ret = new TimeBatchNorm();
        // The stock Builder's constructor is private, so a subclass cannot be built from it: copy what it built.
        for (Class<?> c = BatchNormalization.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(ret, f.get(stock));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("TimeBatchNorm: cannot copy field " + f, e);
                }
            }
            if (c == Layer.class) {
                break;
            }
        }
        return ret;
    }

    @Override
    public TimeBatchNorm clone() {
        return (TimeBatchNorm) super.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        if (getNOut() <= 0) {
            throw new IllegalStateException(TimeLayout.describe("TimeBatchNorm", getLayerName(), layerIndex)
                    + ": number of channels (nOut) is not set; give the network an InputType or set nOut");
        }
        return Runtimes.wire(new TimeBatchNormRuntime(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        check(inputType, layerIndex);
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        check(inputType, -1);
        super.setNIn(inputType, override);
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        check(inputType, -1);
        return null;
    }

    /** Only the two time layouts: a CNN or FF input has no time axis to normalise over. */
    private void check(InputType inputType, int layerIndex) {
        String who = TimeLayout.describe("TimeBatchNorm", getLayerName(), layerIndex);
        if (inputType instanceof InputType.InputTypeRecurrent) {
            TimeLayout.requireRecurrent(inputType, who);
        } else {
            TimeLayout.requireConv(inputType, who + " (or recurrent [batch, N, T])");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    /**
     * Builder with the stock options (decay, eps, lockGammaBeta/gamma/beta, useLogStd, constraints, updater);
     * {@link #build()} gives a {@link TimeBatchNorm}. Methods inherited and not overridden here return the stock
     * builder type; its {@code build()} still returns a {@link TimeBatchNorm}.
     */
    public static class Builder extends BatchNormalization.Builder {
        public Builder() {
        }

        @Override
        public Builder name(String layerName) {
            super.name(layerName);
            return this;
        }

        @Override
        public Builder nOut(long nOut) {
            super.nOut(nOut);
            return this;
        }

        @Override
        public Builder decay(double decay) {
            super.decay(decay);
            return this;
        }

        @Override
        public Builder eps(double eps) {
            super.eps(eps);
            return this;
        }

        @Override
        public Builder lockGammaBeta(boolean lockGammaBeta) {
            super.lockGammaBeta(lockGammaBeta);
            return this;
        }

        @Override
        public Builder gamma(double gamma) {
            super.gamma(gamma);
            return this;
        }

        @Override
        public Builder beta(double beta) {
            super.beta(beta);
            return this;
        }

        @Override
        public Builder useLogStd(boolean useLogStd) {
            super.useLogStd(useLogStd);
            return this;
        }

        @Override
        public Builder updater(IUpdater updater) {
            super.updater(updater);
            return this;
        }

        @Override
        public TimeBatchNorm build() {
            String who = TimeLayout.describe("TimeBatchNorm", layerName, -1);
            if (!(getEps() > 0)) {
                throw new IllegalStateException(who + ": eps must be > 0, got " + getEps());
            }
            if (!(getDecay() >= 0 && getDecay() <= 1)) {
                throw new IllegalStateException(who + ": decay must be in [0, 1], got " + getDecay());
            }
            return of(super.build());
        }
    }
}
