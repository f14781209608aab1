package org.dl4j.snn.convert;

import java.util.Arrays;

/**
 * The threshold scale of one converted ReLU: {@code lambda} (one value, or one per channel), the ANN activation that
 * maps to one spike per step. The spiking layer runs IF neurons with threshold 1 on currents divided by lambda, and
 * the next layer's weights carry lambda, so {@code rate * lambda} approximates the ANN activation.
 *
 * @param layer  name of the ANN layer whose ReLU this is (the layer with the ReLU activation, or the
 *               {@code ActivationLayer} / {@code BatchNormalization} carrying it)
 * @param lambda the scale, length 1 (per layer) or one per channel
 */
public record LayerScale(String layer, float[] lambda) {

    public LayerScale {
        lambda = lambda.clone();
    }

    @Override
    public float[] lambda() {
        return lambda.clone();
    }

    /** Whether there is one lambda per channel. */
    public boolean perChannel() {
        return lambda.length > 1;
    }

    /** {@code (float) (1.0 / lambda)}: SpikingJelly's {@code VoltageScaler} factor in front of the IF node. */
    public float[] inverse() {
        float[] r = new float[lambda.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (1.0 / lambda[i]);
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerScale s && s.layer.equals(layer) && Arrays.equals(s.lambda, lambda);
    }

    @Override
    public int hashCode() {
        return layer.hashCode() * 31 + Arrays.hashCode(lambda);
    }

    @Override
    public String toString() {
        return "LayerScale(" + layer + ", lambda=" + (lambda.length == 1 ? Float.toString(lambda[0])
                : lambda.length + " channels") + ")";
    }
}
