package org.dl4j.snn.examples.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4j.snn.datasets.NMnist;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.TimeBatchNorm;
import org.dl4j.snn.layers.TimeConv;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@code bench --net nmnist-real}: SpikingJelly's PLIF conv net trained on real N-MNIST recordings (the bundled
 * sample: 1,000 train, 100 test), the figure a user sees, against the reference's {@code --net nmnist-real}.
 *
 * <p>Network, in SpikingJelly's layer order: {@code Conv(2,32,3,p1,no bias)-BN-PLIF-MaxPool2-Conv(32,32,3,p1,no
 * bias)-BN-PLIF-MaxPool2-Flatten-Linear(2048,128)-PLIF-Linear(128,10)-PLIF}, readout = the mean firing rate of the
 * last PLIF layer over T, cross-entropy ({@link SdtLoss}), Adam(1e-3), float32; PyTorch's default initialisation:
 * weights and Linear biases U(-1/sqrt(fanIn), 1/sqrt(fanIn)), BN gamma 1, beta 0, momentum 0.1, eps 1e-5.
 * Input: T = {@value #FRAMES} frames by event count (SpikingJelly's {@code split_by='number'}), batch {@value #BATCH},
 * shuffled with the seed. Each epoch decodes the {@code .bin} files again on the training thread (no cache, no
 * prefetch, as the reference), trains, then evaluates the test split in inference mode (BN running statistics).
 * One result per epoch: {@code epoch_s} = training (data loading included) + test pass, {@code train_s},
 * {@code test_acc}, samples/s of training, peak RSS.
 */
public final class RealDataBench {
    /** The name of its rows. */
    public static final String NET = "nmnist-real";
    public static final int FRAMES = 10;
    public static final int BATCH = 16;
    static final int CONV_WIDTH = 32;
    static final int HIDDEN = 128;
    static final int CLASSES = 10;

    private RealDataBench() {}

    /** The network, freshly initialised as PyTorch would (see the class comment). */
    public static MultiLayerNetwork build(long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.UNIFORM).list();
        for (int i = 0; i < 2; i++) {
            b.layer(new TimeConv.Builder(CONV_WIDTH, 3).padding(1, 1).hasBias(false).build());
            b.layer(new TimeBatchNorm());
            b.layer(new SpikingNeuron.Builder(BenchNet.plif()).build());
            b.layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build());
        }
        MultiLayerConfiguration conf = b
                .layer(new SpikingDense.Builder(HIDDEN).neuron(BenchNet.plif()).build())
                .layer(new SpikingDense.Builder(CLASSES).neuron(BenchNet.plif()).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, FRAMES, 34, 34, 2))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // PyTorch's Linear bias init, U(-1/sqrt(fanIn), 1/sqrt(fanIn)); DL4J sets biases to a constant.
        Random rng = new Random(seed + 1);
        for (Layer l : net.getLayers()) {
            INDArray bias = l.paramTable().get(DefaultParamInitializer.BIAS_KEY);
            INDArray w = l.paramTable().get(DefaultParamInitializer.WEIGHT_KEY);
            if (bias == null || w == null || w.rank() != 2) continue;
            double bound = 1 / Math.sqrt(w.size(0));
            float[] v = new float[(int) bias.length()];
            for (int i = 0; i < v.length; i++) v[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
            bias.assign(Nd4j.create(v, bias.shape(), bias.ordering()));
        }
        return net;
    }

    /**
     * Trains {@code epochs} epochs on {@code root}'s Train/ and tests on its Test/ after each; hands each epoch's
     * result to {@code sink} as soon as it is measured and returns them all.
     */
    public static List<BenchResult> run(Path root, int epochs, int threads, long seed, Consumer<BenchResult> sink) {
        if (epochs < 1) throw new IllegalArgumentException("bench " + NET + ": epochs must be >= 1, got " + epochs);
        long l0 = System.nanoTime();
        MultiLayerNetwork model = build(seed);
        SnnDataSetIterator train = NMnist.train(root).frames(FRAMES).batch(BATCH).shuffle(seed).baseIterator();
        SnnDataSetIterator test = NMnist.test(root).frames(FRAMES).batch(BATCH).baseIterator();
        double setupS = (System.nanoTime() - l0) / 1e9;
        List<BenchResult> out = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            long c0 = ProcessCpu.nanos();
            train.reset();
            StepTimes steps = new StepTimes(1000 / BATCH + 1);
            int seen = 0;
            double lossSum = 0;
            while (train.hasNext()) {
                DataSet ds = train.next();
                long s0 = System.nanoTime();
                model.fit(ds);
                steps.add(System.nanoTime() - s0);
                int n = (int) ds.getFeatures().size(0);
                seen += n;
                lossSum += model.score() * n;
            }
            long t1 = System.nanoTime();
            test.reset();
            double acc = SnnEvaluation.evaluate(model, test).accuracy();
            long t2 = System.nanoTime();
            double cpuS = ProcessCpu.msPer(c0, ProcessCpu.nanos(), 1) / 1000;
            if (seen == 0) throw new IllegalStateException("bench " + NET + ": no training samples under " + root);
            double trainS = (t1 - t0) / 1e9;
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("epoch", epoch);
            extra.put("epoch_s", BenchResult.round((t2 - t0) / 1e9, 3));
            extra.put("train_s", BenchResult.round(trainS, 3));
            extra.put("test_s", BenchResult.round((t2 - t1) / 1e9, 3));
            extra.put("cpu_s", BenchResult.round(cpuS, 3));
            extra.put("test_acc", BenchResult.round(acc, 4));
            extra.put("train_loss", BenchResult.round(lossSum / seen, 5));
            extra.put("seed", seed);
            extra.put("train_samples", seen);
            extra.put("batch", BATCH);
            extra.put("T", FRAMES);
            if (epoch == 1) extra.put("setup_s", BenchResult.round(setupS, 3));
            BenchResult r = new BenchResult(NET, "dl4j-snn", "fused", seen / trainS, steps.medianMs(),
                    steps.minMs(), ProcessMemory.peakRssMib(), threads, extra);
            sink.accept(r);
            out.add(r);
        }
        return out;
    }
}
