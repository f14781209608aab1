package org.dl4j.snn.convert.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.convert.Calibration;
import org.dl4j.snn.convert.ScaleRule;
import org.dl4j.snn.neuron.Scope;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Threshold balancing: runs the folded ANN over the calibration batches and turns the output of every ReLU into a
 * scale lambda by a {@link ScaleRule}, per layer or per channel, combined over the batches by {@link Calibration}
 * (SpikingJelly's EMA in float32, or the exact statistic of all values).
 */
public final class Calibrator {

    /**
     * @param lambdas     per op index of a ReLU: lambda (length 1, or one per channel)
     * @param inputShapes per op index: the shape of that op's input without the batch axis (from the first batch)
     * @param samples     calibration samples seen
     * @param featureShape shape of the first calibration batch's features
     * @param folded      the folded ANN (layer i is op i)
     */
    public record Result(Map<Integer, float[]> lambdas, Map<Integer, long[]> inputShapes, long samples,
                         long[] featureShape, MultiLayerNetwork folded) {
    }

    private Calibrator() {
    }

    /**
     * @param ops        folded steps
     * @param imageShape {@code [C, H, W]} when the ANN views flat input as an image, else null
     */
    public static Result calibrate(List<AnnOp> ops, long[] imageShape, DataSetIterator data, ScaleRule rule,
                                   Calibration calibration, Scope scope) {
        if (scope == Scope.NEURON) {
            throw new IllegalArgumentException("AnnToSnn: scales per neuron cannot be folded through pooling; use "
                    + "Scope.LAYER or Scope.CHANNEL");
        }
        List<Integer> relus = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof AnnOp.Relu) {
                relus.add(i);
            }
        }
        long total = -1;
        if (calibration == Calibration.EXACT && rule.kind() == ScaleRule.Kind.PERCENTILE) {
            total = countSamples(data);
        }
        Map<Integer, Accumulator> acc = new LinkedHashMap<>();
        Map<Integer, long[]> shapes = new LinkedHashMap<>();
        long samples = 0;
        long[] featureShape = null;
        MultiLayerNetwork folded = null;
        if (data.resetSupported()) {
            data.reset();
        }
        while (data.hasNext()) {
            DataSet ds = data.next();
            INDArray x = ds.getFeatures().castTo(DataType.FLOAT);
            if (folded == null) {
                featureShape = x.shape();
                folded = FoldedAnn.build(ops, SnnNetworks.Input.of(featureShape, imageShape, 1).annType());
            }
            List<INDArray> acts = folded.feedForward(x, false);
            if (shapes.isEmpty()) {
                for (int i = 0; i < ops.size(); i++) {
                    long[] s = acts.get(i).shape();
                    shapes.put(i, Arrays.copyOfRange(s, 1, s.length));
                }
            }
            for (int r : relus) {
                INDArray a = acts.get(r + 1);
                Accumulator ac = acc.get(r);
                if (ac == null) {
                    long perSample = a.length() / a.size(0);
                    int channels = scope == Scope.LAYER ? 1 : (int) a.size(1);
                    ac = new Accumulator(rule, calibration, channels, total < 0 ? -1 : total * perSample / channels);
                    acc.put(r, ac);
                }
                ac.add(a);
            }
            samples += x.size(0);
        }
        if (samples == 0) {
            throw new IllegalArgumentException("AnnToSnn: the calibration iterator gave no data");
        }
        Map<Integer, float[]> lambdas = new LinkedHashMap<>();
        for (int r : relus) {
            lambdas.put(r, acc.get(r).result());
        }
        return new Result(lambdas, shapes, samples, featureShape, folded);
    }

    private static long countSamples(DataSetIterator data) {
        if (!data.resetSupported()) {
            throw new IllegalArgumentException("AnnToSnn: exact percentiles read the calibration data twice; the "
                    + "iterator must support reset()");
        }
        data.reset();
        long n = 0;
        while (data.hasNext()) {
            n += data.next().getFeatures().size(0);
        }
        return n;
    }

    /** Running statistic of one ReLU, per layer (one channel) or per channel. */
    static final class Accumulator {
        private final ScaleRule rule;
        private final Calibration calibration;
        private final int channels;
        private final float[] value;
        private final Quantiles.TopValues[] top;
        private boolean first = true;

        Accumulator(ScaleRule rule, Calibration calibration, int channels, long valuesPerChannel) {
            this.rule = rule;
            this.calibration = calibration;
            this.channels = channels;
            this.value = new float[channels];
            Arrays.fill(value, Float.NEGATIVE_INFINITY);
            if (calibration == Calibration.EXACT && rule.kind() == ScaleRule.Kind.PERCENTILE) {
                top = new Quantiles.TopValues[channels];
                for (int c = 0; c < channels; c++) {
                    top[c] = new Quantiles.TopValues(valuesPerChannel, rule.value() / 100);
                }
            } else {
                top = null;
            }
        }

        void add(INDArray a) {
            float[] v = a.dup('c').reshape(a.length()).toFloatVector();
            float[][] perChannel = channels == 1 ? new float[][] {v} : split(v, a);
            for (int c = 0; c < channels; c++) {
                float[] x = perChannel[c];
                if (top != null) {
                    top[c].add(x, 0, x.length);
                } else if (calibration == Calibration.EXACT) {
                    value[c] = Math.max(value[c], Quantiles.max(x, 0, x.length));
                } else {
                    float s = batchStatistic(x, channels == 1);
                    value[c] = first ? s : 0.9f * value[c] + 0.1f * s;
                }
            }
            first = false;
        }

        /** The values of each channel c (dimension 1) of a c-ordered [b, C, ...] array. */
        private float[][] split(float[] v, INDArray a) {
            int b = (int) a.size(0);
            int per = (int) (a.length() / b / channels);
            float[][] out = new float[channels][b * per];
            for (int n = 0; n < b; n++) {
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(v, (n * channels + c) * per, out[c], n * per, per);
                }
            }
            return out;
        }

        private float batchStatistic(float[] x, boolean wholeLayer) {
            return switch (rule.kind()) {
                case MAX -> Quantiles.max(x, 0, x.length);
                case FRACTION_OF_MAX -> (float) rule.value() * Quantiles.max(x, 0, x.length);
                case PERCENTILE -> wholeLayer ? Quantiles.batchPercentile(x, rule.value() / 100)
                        : Quantiles.quantile(x, 0, x.length, rule.value() / 100);
            };
        }

        float[] result() {
            float[] out = new float[channels];
            for (int c = 0; c < channels; c++) {
                if (top != null) {
                    out[c] = top[c].quantile();
                } else if (calibration == Calibration.EXACT && rule.kind() == ScaleRule.Kind.FRACTION_OF_MAX) {
                    out[c] = (float) rule.value() * value[c];
                } else {
                    out[c] = value[c];
                }
            }
            return out;
        }
    }
}
