package org.dl4j.snn.examples.bench;

import org.dl4j.snn.layers.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.NeuronLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Times full training steps of a {@link BenchNet} in this JVM: {@code fit(DataSet)} = forward, loss, backward and the
 * Adam update, on a few pre-generated synthetic mini-batches used in turn. After {@code warmup} untimed steps (JIT,
 * workspaces, native thread pools) it times {@code steps} steps and reports samples/s at the median step.
 * Extra fields: the hidden layers' firing rates after training, and the final loss (a finite number shows that
 * the step really trained).
 */
public final class TrainingBench {
    private TrainingBench() {}

    /** Measures {@code net} in the realistic regime on {@code engine}. */
    public static BenchResult run(BenchNet net, Engine engine, int steps, int warmup, int threads,
                                  double density, long seed) {
        return run(net, BenchNet.Regime.REALISTIC, engine, steps, warmup, threads, density, seed);
    }

    /**
     * Measures {@code net}, initialised for {@code regime}, on {@code engine}; {@code threads} is the configured
     * thread count, reported as is. The result's net is {@link BenchNet#label(BenchNet.Regime)}.
     */
    public static BenchResult run(BenchNet net, BenchNet.Regime regime, Engine engine, int steps, int warmup,
                                  int threads, double density, long seed) {
        if (steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("bench: need steps >= 1 and warmup >= 0, got " + steps + ", " + warmup);
        }
        MultiLayerNetwork model = net.build(engine, seed, regime);
        DataSet[] data = net.data(4, density, seed + 1);
        StepTimes times = new StepTimes(steps);
        long cpu0 = -1;
        for (int i = 0; i < warmup + steps; i++) {
            if (i == warmup) cpu0 = ProcessCpu.nanos();
            DataSet ds = data[i % data.length];
            long t0 = System.nanoTime();
            model.fit(ds);
            long t1 = System.nanoTime();
            if (i >= warmup) times.add(t1 - t0);
        }
        double cpuMsPerStep = ProcessCpu.msPer(cpu0, ProcessCpu.nanos(), steps);
        double score = model.score();
        if (!Double.isFinite(score)) {
            throw new IllegalStateException("bench " + net.id() + ": the loss became " + score + " during training");
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("cpu_ms_per_step", BenchResult.round(cpuMsPerStep, 3));
        extra.put("loss", BenchResult.round(score, 5));
        extra.put("firing_rates", firingRates(model, data[0].getFeatures()));
        extra.put("regime", regime.id());
        extra.put("steps", steps);
        extra.put("warmup", warmup);
        extra.put("batch", net.batch);
        extra.put("T", net.steps);
        return new BenchResult(net.label(regime), "dl4j-snn", BenchNet.id(engine), times.perSecond(net.batch),
                times.medianMs(), times.minMs(), ProcessMemory.peakRssMib(), threads, extra);
    }

    /** Mean spike rate of every spiking layer's output on {@code features}, in training mode. */
    static List<Double> firingRates(MultiLayerNetwork model, INDArray features) {
        // Training mode: the rates the timed steps saw (batch statistics in BN, not the barely-trained running ones).
        List<INDArray> acts = model.feedForward(features, true);
        List<Double> rates = new ArrayList<>();
        Layer[] layers = model.getLayers();
        for (int i = 0; i < layers.length; i++) {
            Object conf = layers[i].conf().getLayer();
            if (conf instanceof NeuronLayer nl && nl.getNeuron() != null && nl.getNeuron().spiking()) {
                rates.add(BenchResult.round(acts.get(i + 1).meanNumber().doubleValue(), 4));
            }
        }
        return rates;
    }
}
