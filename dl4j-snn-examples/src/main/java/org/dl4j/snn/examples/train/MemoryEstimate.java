package org.dl4j.snn.examples.train;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;

/**
 * A lower bound of the memory that training a network needs, computed from its configuration before anything is
 * allocated, so that a setting far too large ({@code --width 200000}, a huge T) is refused with the numbers instead of
 * ending in {@code std::bad_alloc} or an {@code OutOfMemoryError}.
 *
 * <p>{@code bytes = 4 * (4 * parameters + batch * (input + 2 * activations))}: float32 parameters with their
 * gradients and Adam's two moments, and per example the input and every layer's output kept for the backward pass
 * and its gradient ({@link MultiLayerConfiguration#getLayerActivationTypes}, T included). The real use is higher
 * (spiking layers keep their membrane potentials too, workspaces add slack), so a refusal is never wrong; a setting
 * that passes can still be too large.
 *
 * @param parameters            trainable parameters
 * @param inputPerExample       values of one example's input
 * @param activationsPerExample values of one example's layer outputs, summed over layers
 * @param batch                 the mini-batch size
 */
public record MemoryEstimate(long parameters, long inputPerExample, long activationsPerExample, int batch) {

    /** The estimate of {@code conf} trained on features of {@code featureShape} ({@code [b, C, T, H, W]} or {@code [b, F, T]}). */
    public static MemoryEstimate of(MultiLayerConfiguration conf, long[] featureShape, int batch) {
        long params = 0;
        for (NeuralNetConfiguration c : conf.getConfs()) {
            params += c.getLayer().initializer().numParams(c);
        }
        InputType in = featureShape.length == 5
                ? InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, featureShape[2], featureShape[3],
                        featureShape[4], featureShape[1])
                : InputType.recurrent(featureShape[1], featureShape[2]);
        long input = 1;
        for (int d = 1; d < featureShape.length; d++) {
            input = Math.multiplyHigh(input, featureShape[d]) != 0 ? Long.MAX_VALUE / 16 : input * featureShape[d];
        }
        long acts = 0;
        List<InputType> types;
        try {
            types = conf.getLayerActivationTypes(in);
        } catch (RuntimeException e) {
            types = List.of(); // a layer that cannot tell its output type: count the parameters and the input only
        }
        for (InputType t : types) {
            acts = Math.min(Long.MAX_VALUE / 16, acts + Math.max(0, t.arrayElementsPerExample()));
        }
        return new MemoryEstimate(params, input, acts, batch);
    }

    /** The bytes this estimate needs (saturating, never negative). */
    public long bytes() {
        double b = 4.0 * (4.0 * parameters + (double) batch * (inputPerExample + 2.0 * activationsPerExample));
        return b >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) b;
    }

    /**
     * The most memory this process can allocate for arrays: JavaCPP's limits ({@code -Dorg.bytedeco.javacpp.maxbytes},
     * {@code maxphysicalbytes}) and the machine's physical memory, whichever is smallest.
     */
    public static long budgetBytes() {
        long budget = Long.MAX_VALUE;
        long max = Pointer.maxPhysicalBytes();
        if (max > 0) {
            budget = Math.min(budget, max);
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getTotalMemorySize() > 0) {
            budget = Math.min(budget, os.getTotalMemorySize());
        }
        return budget;
    }

    /** A one-line account, e.g. "1,412,510 parameters, 33,220 activation values per example x batch 16". */
    public String describe() {
        return String.format(Locale.ROOT, "%,d parameters (x4 with gradients and Adam's moments), %,d input and %,d "
                + "layer output values per example x batch %d", parameters, inputPerExample, activationsPerExample,
                batch);
    }

    /** {@code bytes} as MiB / GiB / TiB. */
    public static String size(long bytes) {
        double g = bytes / (double) (1L << 30);
        if (g >= 1024) {
            return String.format(Locale.ROOT, "%,.0f TiB", g / 1024);
        }
        return g >= 1 ? String.format(Locale.ROOT, "%.1f GiB", g)
                : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }
}
