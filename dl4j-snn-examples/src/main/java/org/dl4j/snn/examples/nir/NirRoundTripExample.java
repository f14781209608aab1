package org.dl4j.snn.examples.nir;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.monitor.SynOps;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.nir.NirExport;
import org.dl4j.snn.nir.NirGraph;
import org.dl4j.snn.nir.NirImport;
import org.dl4j.snn.nir.NirModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Train briefly, export to NIR, re-import and compare: a PLIF MLP (20 inputs, 32 hidden, a leaky-integrator readout
 * of 2 classes) learns which half of its inputs fires more on synthetic Poisson spike trains, is written as a NIR
 * file (Affine - LIF - Affine - LIF - Affine - LI), read back into a new DL4J network, and both networks run the same
 * test spikes: the hidden spikes must agree and the readout potentials differ only by float rounding (PLIF's
 * 1/tau = sigmoid(w) becomes the file's tau in seconds, read back as tau/dt rounded to float32).
 * {@code java -cp dl4j-snn.jar org.dl4j.snn.examples.nir.NirRoundTripExample [OUT_DIR]}.
 */
public final class NirRoundTripExample {
    private NirRoundTripExample() {
    }

    /** What the example measured. */
    public record Result(Path file, double trainAccuracy, double maxReadoutDifference, boolean hiddenSpikesEqual,
                         long synops, double energyPjPerSample) {
    }

    public static void main(String[] args) {
        Result r = run(Paths.get(args.length > 0 ? args[0] : "nir-example"));
        System.out.printf(Locale.ROOT, "wrote %s; train accuracy %.3f; hidden spikes equal: %s; max |readout"
                        + " difference| %.3g; %d SynOps, %.1f pJ/sample (fp32)%n", r.file(), r.trainAccuracy(),
                r.hiddenSpikesEqual(), r.maxReadoutDifference(), r.synops(), r.energyPjPerSample());
    }

    public static Result run(Path outDir) {
        int inputs = 20;
        int steps = 8;
        NeuronConfig plif = NeuronConfig.builder().tau(2.0).learnTau(true).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).updater(new Adam(1e-2)).list()
                .layer(new SpikingDense.Builder(32).neuron(plif).name("hidden").build())
                .layer(new SpikingDense.Builder(32).neuron(plif).name("hidden2").build())
                .layer(new LeakyIntegratorReadout.Builder(2).name("readout").build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(inputs, steps)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(42);
        INDArray[] train = data(64, inputs, steps);
        for (int epoch = 0; epoch < 30; epoch++) net.fit(train[0], train[1]);
        INDArray scores = net.output(train[0]); // class probabilities [b, 2] (SDT: softmax of the mean over time)
        double acc = scores.argMax(1).eq(train[1].argMax(1)).castTo(DataType.DOUBLE).meanNumber().doubleValue();

        // Export (dt = 1 ms here; any dt gives the same network back) and re-import.
        Path file = outDir.resolve("mlp.nir");
        NirExport.write(net, file, NirExport.Options.defaults().withDt(1e-3));
        NirGraph g = NirGraph.read(file);
        NirModel back = NirImport.read(file, NirImport.Options.defaults());
        if (!g.nodes().containsKey("readout.li")) throw new IllegalStateException("no LI readout in " + g.nodes().keySet());

        // Compare on test spikes, time-major as NIR tools exchange them.
        INDArray xTest = NirModel.toTimeMajor(data(16, inputs, steps)[0]);
        INDArray original = NirModel.of(net).output(xTest);
        INDArray reimported = back.output(xTest);
        double diff = Transforms.abs(original.sub(reimported)).maxNumber().doubleValue();
        INDArray x = NirModel.toNetworkLayout(xTest);
        INDArray h1 = net.feedForward(x, false).get(2);
        INDArray h2 = ((MultiLayerNetwork) back.network()).feedForward(x, false).get(2);
        boolean same = h1.equals(h2);
        SynOps.Report ops = SynOps.count(back.network(), x);
        return new Result(file, acc, diff, same, ops.synops(), ops.energyPjPerSample(SynOps.Precision.FP32));
    }

    /** Poisson spikes [b, inputs, T] where the first or the second half of the inputs fires more; one-hot labels. */
    static INDArray[] data(int batch, int inputs, int steps) {
        INDArray p = Nd4j.zeros(DataType.FLOAT, batch, inputs, steps);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 2);
        for (int b = 0; b < batch; b++) {
            int cls = b % 2;
            y.putScalar(b, cls, 1);
            for (int i = 0; i < inputs; i++) {
                double rate = (i < inputs / 2) == (cls == 0) ? 0.6 : 0.1;
                for (int t = 0; t < steps; t++) p.putScalar(new int[] {b, i, t}, rate);
            }
        }
        INDArray spikes = Nd4j.rand(DataType.FLOAT, p.shape()).lt(p).castTo(DataType.FLOAT);
        return new INDArray[] {spikes, y};
    }
}
