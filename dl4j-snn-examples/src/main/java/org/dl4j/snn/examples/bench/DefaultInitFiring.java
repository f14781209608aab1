package org.dl4j.snn.examples.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.Mnist;
import org.dl4j.snn.datasets.NMnist;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.datavec.SubsetSource;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.iterator.StaticDatasetBuilder;
import org.dl4j.snn.datasets.transform.ToFrames;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.TimePooling;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The firing rates of the spiking layers with their default initialisation (no batch norm, no tuning) on the three
 * kinds of input the library is used with: {@code [0, 1]} images directly encoded (MNIST), event frames (N-MNIST) and
 * spike trains (MNIST, Poisson-encoded). Two spiking layers of each type are stacked so that the second one shows
 * what a layer fed by spikes does. Run it with the shared data folder:
 * {@code java -cp dl4j-snn.jar org.dl4j.snn.examples.bench.DefaultInitFiring ../shared/data}; it prints the
 * Markdown table that README's "Networks that fire out of the box" quotes.
 */
public final class DefaultInitFiring {
    /** Samples per measurement. */
    public static final int SAMPLES = 256;

    /** One measured row: input kind, layer, mean firing rate, fraction of neurons silent on every sample. */
    public record Row(String input, String layer, double rate, double silent) {
        String markdown() {
            return String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f |", input, layer, rate, silent);
        }
    }

    private DefaultInitFiring() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/data");
        System.out.println(markdown(measure(root)));
    }

    /** The table, Markdown. */
    public static String markdown(List<Row> rows) {
        StringBuilder s = new StringBuilder("| input | layer (default init) | mean firing rate | silent neurons |\n"
                + "|---|---|---|---|\n");
        for (Row r : rows) {
            s.append(r.markdown()).append('\n');
        }
        return s.toString();
    }

    /** Measures every row on {@link #SAMPLES} samples of the data under {@code root} (mnist-t10k, nmnist-small). */
    public static List<Row> measure(Path root) throws IOException {
        List<Row> rows = new ArrayList<>();
        var mnist = SubsetSource.first(Mnist.samples(root.resolve("mnist-t10k"), Split.TEST), SAMPLES);
        INDArray images = new StaticDatasetBuilder(mnist, Layout.CONV).direct(4).batch(SAMPLES).iterator().next()
                .getFeatures();
        rows.addAll(conv("[0,1] images, direct encoding T=4", images));
        rows.addAll(dense("[0,1] images, direct encoding T=4", new StaticDatasetBuilder(mnist, Layout.DENSE).direct(4)
                .batch(SAMPLES).iterator().next().getFeatures()));
        var nmnist = SubsetSource.first(NMnist.samples(root.resolve("nmnist-small"), Split.TRAIN), SAMPLES);
        INDArray frames = new EventDatasetBuilder(nmnist, Layout.CONV, ToFrames.Polarity.SPLIT).frames(8)
                .batch(SAMPLES).iterator().next().getFeatures();
        rows.addAll(conv("N-MNIST event frames T=8", frames));
        INDArray spikes = new StaticDatasetBuilder(mnist, Layout.DENSE).poisson(8).seed(1).batch(SAMPLES).iterator()
                .next().getFeatures();
        rows.addAll(dense("spike trains (Poisson MNIST) T=8", spikes));
        return rows;
    }

    private static NeuralNetConfiguration.ListBuilder list() {
        return new NeuralNetConfiguration.Builder().seed(1).list();
    }

    private static List<Row> conv(String input, INDArray x) {
        MultiLayerConfiguration conf = list()
                .layer(new SpikingConv.Builder(16, 3).build())
                .layer(new TimePooling.Builder(PoolingType.MAX, 2).build())
                .layer(new SpikingConv.Builder(32, 3).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, x.size(2), x.size(3),
                        x.size(4), x.size(1))).build();
        return rates(input, conf, x, new int[] {0, 2}, new String[] {"SpikingConv 1 (16 ch, 3x3)",
            "SpikingConv 2 (32 ch, 3x3, after TimePooling)"});
    }

    private static List<Row> dense(String input, INDArray x) {
        MultiLayerConfiguration conf = list()
                .layer(new SpikingDense.Builder(128).build())
                .layer(new SpikingDense.Builder(128).build())
                .setInputType(InputType.recurrent(x.size(1), x.size(2))).build();
        return rates(input, conf, x, new int[] {0, 1}, new String[] {"SpikingDense 1 (128)", "SpikingDense 2 (128)"});
    }

    private static List<Row> rates(String input, MultiLayerConfiguration conf, INDArray x, int[] layers,
            String[] names) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        List<INDArray> acts = net.feedForward(x, false);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            INDArray s = acts.get(layers[i] + 1);
            // A neuron is a channel and position: silent when it never fires, on any sample or step.
            INDArray perNeuron = s.max(0, 2);
            rows.add(new Row(input, names[i], s.meanNumber().doubleValue(),
                    perNeuron.eq(0).castTo(s.dataType()).meanNumber().doubleValue()));
        }
        return rows;
    }
}
