package org.dl4j.snn.examples.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.monitor.MonitorRecord;
import org.dl4j.snn.monitor.MonitoredLayer;
import org.dl4j.snn.monitor.ParamStats;
import org.dl4j.snn.monitor.SampleSpikes;
import org.dl4j.snn.monitor.SpikeSummary;
import org.dl4j.snn.neuron.NeuronConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SpikePlotsTest {
    private static final int W = 640;
    private static final int H = 400;

    /** 8 neurons x 20 steps with the given (neuron, step) spikes. */
    private static SampleSpikes raster(int[]... spikes) {
        double[][] v = new double[8][20];
        for (int[] s : spikes) {
            v[s[0]][s[1]] = 1;
        }
        return SampleSpikes.of(v);
    }

    private static BufferedImage writeAndRead(SampleSpikes s, Path file) throws IOException {
        SpikePlots.savePng(SpikePlots.raster(s, "test raster", W, H), file);
        return ImageIO.read(file.toFile());
    }

    /** Centroid (x, y) and count of the pixels close to the spike colour. */
    private static double[] spikePixels(BufferedImage img) {
        double sx = 0;
        double sy = 0;
        int count = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                // SPIKE_COLOR (31, 119, 180) and its antialiased blends with white: blue clearly above red.
                if (b - r > 60 && b > g) {
                    sx += x;
                    sy += y;
                    count++;
                }
            }
        }
        return new double[] {count == 0 ? Double.NaN : sx / count, count == 0 ? Double.NaN : sy / count, count};
    }

    @Test
    void rasterIsAValidPngOfTheRequestedSize(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("plots/raster.png");
        BufferedImage img = writeAndRead(raster(new int[] {0, 0}, new int[] {3, 10}, new int[] {7, 19}), file);

        try (InputStream in = Files.newInputStream(file); DataInputStream d = new DataInputStream(in)) {
            byte[] signature = new byte[8];
            d.readFully(signature);
            assertThat(signature).containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
            assertThat(d.readInt()).isEqualTo(13); // IHDR chunk length
            byte[] type = new byte[4];
            d.readFully(type);
            assertThat(new String(type, "US-ASCII")).isEqualTo("IHDR");
            assertThat(d.readInt()).isEqualTo(W);
            assertThat(d.readInt()).isEqualTo(H);
        }
        assertThat(img.getWidth()).isEqualTo(W);
        assertThat(img.getHeight()).isEqualTo(H);
    }

    @Test
    void rasterPutsTimeOnXAndNeuronsUpwardOnY(@TempDir Path dir) throws IOException {
        double[] none = spikePixels(writeAndRead(raster(), dir.resolve("none.png")));
        double[] first = spikePixels(writeAndRead(raster(new int[] {0, 0}), dir.resolve("first.png")));
        double[] last = spikePixels(writeAndRead(raster(new int[] {7, 19}), dir.resolve("last.png")));
        double[] three = spikePixels(writeAndRead(raster(new int[] {0, 0}, new int[] {4, 9}, new int[] {7, 19}),
                dir.resolve("three.png")));

        assertThat(none[2]).isZero();
        assertThat(first[2]).isPositive();
        assertThat(three[2]).isGreaterThan(2 * first[2]);
        // Neuron 0 at step 0: left and low; neuron 7 at step 19: right and high (image y grows downwards).
        assertThat(first[0]).isLessThan(W / 4.0);
        assertThat(first[1]).isGreaterThan(H / 2.0);
        assertThat(last[0]).isGreaterThan(W * 3 / 4.0);
        assertThat(last[1]).isLessThan(H / 2.0);
    }

    @Test
    void ratePlotsAndHistoryRender(@TempDir Path dir) throws IOException {
        SampleSpikes s = raster(new int[] {0, 0}, new int[] {0, 1}, new int[] {5, 3});
        Path a = SpikePlots.savePng(SpikePlots.ratePerNeuron(s, "rates", W, H), dir.resolve("a.png"));
        Path b = SpikePlots.savePng(SpikePlots.rateOverTime(s, "rates", W, H), dir.resolve("b.png"));
        MonitoredLayer l1 = new MonitoredLayer(0, "d1", "SpikingDense");
        MonitoredLayer l2 = new MonitoredLayer(2, "d2", "SpikingDense");
        List<MonitorRecord> records = List.of(
                record(0, l1, new double[] {0, 1, 2}), record(0, l2, new double[] {0, 0, 2}),
                record(1, l1, new double[] {1, 1, 2}), record(1, l2, new double[] {0, 3, 2}));
        Path c = SpikePlots.savePng(SpikePlots.history(records, MonitorRecord.Kind.EPOCH, PlotMetric.DEAD_FRACTION,
                "dead neurons", W, H), dir.resolve("c.png"));
        Path d = SpikePlots.savePng(SpikePlots.history(records, MonitorRecord.Kind.EPOCH, PlotMetric.TAU_MEAN,
                "tau", W, H), dir.resolve("d.png"));
        for (Path p : List.of(a, b, c, d)) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertThat(img.getWidth()).isEqualTo(W);
            assertThat(img.getHeight()).isEqualTo(H);
        }
        assertThat(spikePixels(ImageIO.read(a.toFile()))[2]).isPositive();
        assertThat(PlotMetric.DEAD_FRACTION.of(records.get(1))).isEqualTo(2.0 / 3);
        assertThatThrownBy(() -> SpikePlots.history(records, MonitorRecord.Kind.ITERATIONS,
                PlotMetric.MEAN_RATE, "x", W, H)).hasMessageContaining("no iterations record");
    }

    @Test
    void writeSampleDrawsASpikingLayerOfARealNetwork(@TempDir Path dir) throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.FLOAT).list()
                .layer(new SpikingDense.Builder(12).neuron(NeuronConfig.builder().theta(0.3).build()).name("hidden")
                        .build())
                .layer(new SpikingDense.Builder(3).neuron(NeuronConfig.builder().spiking(false).build()).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(5, 30)).build());
        net.init();
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 5, 30);

        List<Path> files = SpikePlots.writeSample(net, x, null, "hidden", 1, dir.resolve("plots"));

        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("raster-hidden-s1.png",
                "rate-neurons-hidden-s1.png", "rate-time-hidden-s1.png");
        for (Path p : files) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertThat(img.getWidth()).isEqualTo(SpikePlots.WIDTH);
            assertThat(img.getHeight()).isEqualTo(SpikePlots.HEIGHT);
        }
        INDArray hidden = net.feedForward(x, false).get(1);
        assertThat(hidden.slice(1).sumNumber().doubleValue()).isPositive(); // the raster is not empty
        assertThat(spikePixels(ImageIO.read(files.get(0).toFile()))[2]).isPositive();
        assertThatThrownBy(() -> SpikePlots.writeSample(net, x, null, "layer1", 0, dir))
                .hasMessageContaining("no spiking layer named 'layer1'").hasMessageContaining("[hidden]");
    }

    private static MonitorRecord record(int epoch, MonitoredLayer layer, double[] counts) {
        return new MonitorRecord(MonitorRecord.Kind.EPOCH, epoch, epoch * 10 + 9, 10, layer,
                SpikeSummary.of(counts, 1, 2), Map.of("tau", ParamStats.of("tau", new double[] {2.0 + epoch})), 0L);
    }
}
