package org.dl4j.snn.examples.plot;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.dl4j.snn.monitor.LayerActivations;
import org.dl4j.snn.monitor.MonitorRecord;
import org.dl4j.snn.monitor.MonitoredLayer;
import org.dl4j.snn.monitor.SampleSpikes;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * PNG plots of spiking activity with XChart: the spike raster and firing rates of one sample of one layer, and the
 * spike monitor's history (rate, dead and saturated fractions, parameter means) per layer.
 * Raster: a tick at (t, n) for every spike {@code S[n][t] = 1} of {@link SampleSpikes} (neuron order of the
 * monitor: dense n, conv (c*H + h)*W + w); rate per neuron: spikes / T; rate over time: fraction of neurons spiking
 * at t.
 */
public final class SpikePlots {
    /** Colour of spikes and rate curves. */
    public static final Color SPIKE_COLOR = new Color(31, 119, 180);
    /** Default PNG size in pixels. */
    public static final int WIDTH = 800;
    /** Default PNG size in pixels. */
    public static final int HEIGHT = 500;

    private SpikePlots() {
    }

    /** The spike raster of a sample: time step on x, neuron on y. */
    public static XYChart raster(SampleSpikes s, String title, int width, int height) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n = 0; n < s.neurons(); n++) {
            for (int t = 0; t < s.steps(); t++) {
                if (s.value(n, t) != 0) {
                    xs.add((double) t);
                    ys.add((double) n);
                }
            }
        }
        XYChart chart = chart(title, "time step", "neuron", width, height);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisMin(-0.5).setXAxisMax(s.steps() - 0.5);
        chart.getStyler().setYAxisMin(-0.5).setYAxisMax(s.neurons() - 0.5);
        // One neuron row per tick length, so that dense rasters read as rows (2..12 px).
        int plotHeight = Math.max(1, height - 120);
        chart.getStyler().setMarkerSize(Math.max(2, Math.min(12, plotHeight / s.neurons())));
        if (!xs.isEmpty()) {
            XYSeries series = chart.addSeries("spikes", xs, ys);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(new TickMarker(Math.max(1f, Math.min(3f, (width - 120f) / s.steps() / 3))));
            series.setMarkerColor(SPIKE_COLOR);
        }
        return chart;
    }

    /** Firing rate of each neuron over the sample (spikes / T). */
    public static XYChart ratePerNeuron(SampleSpikes s, String title, int width, int height) {
        return curve(title, "neuron", "firing rate (spikes / step)", s.ratePerNeuron(), width, height);
    }

    /** Population firing rate at each step (fraction of neurons spiking). */
    public static XYChart rateOverTime(SampleSpikes s, String title, int width, int height) {
        return curve(title, "time step", "fraction of neurons spiking", s.ratePerStep(), width, height);
    }

    /**
     * A metric of the monitor's records of one kind, one series per layer: x is the epoch (EPOCH records) or the
     * iteration (ITERATIONS records).
     *
     * @throws IllegalArgumentException if there is no record of that kind
     */
    public static XYChart history(List<MonitorRecord> records, MonitorRecord.Kind kind, PlotMetric metric,
                                  String title, int width, int height) {
        Map<String, List<double[]>> byLayer = new LinkedHashMap<>();
        for (MonitorRecord r : records) {
            double y = metric.of(r);
            if (r.kind() == kind && Double.isFinite(y)) {
                double x = kind == MonitorRecord.Kind.EPOCH ? r.epoch() : r.iteration();
                byLayer.computeIfAbsent(r.layer().name(), k -> new ArrayList<>()).add(new double[] {x, y});
            }
        }
        if (byLayer.isEmpty()) {
            throw new IllegalArgumentException("SpikePlots.history: no " + kind.label() + " record with a value of "
                    + metric);
        }
        XYChart chart = chart(title, kind == MonitorRecord.Kind.EPOCH ? "epoch" : "iteration", metric.label(), width,
                height);
        for (Map.Entry<String, List<double[]>> e : byLayer.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * Writes {@code chart} as a PNG file (parent folders are created).
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static Path savePng(Chart<?, ?> chart, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (var out = Files.newOutputStream(file)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("SpikePlots: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code features} through {@code model} (inference) and writes the raster, the rate per neuron and the
     * rate over time of sample {@code sample} of spiking layer {@code layerName} into {@code folder}, as
     * {@code raster-<layer>-s<sample>.png}, {@code rate-neurons-<layer>-s<sample>.png} and
     * {@code rate-time-<layer>-s<sample>.png}.
     *
     * @return the files written
     */
    public static List<Path> writeSample(Model model, INDArray features, INDArray mask, String layerName,
                                         int sample, Path folder) {
        Map<MonitoredLayer, INDArray> acts = LayerActivations.spiking(model, features, mask);
        SampleSpikes s = SampleSpikes.of(LayerActivations.ofLayer(acts, layerName), sample);
        String tag = fileTag(layerName) + "-s" + sample;
        String what = "layer " + layerName + ", sample " + sample;
        return List.of(
                savePng(raster(s, "Spike raster, " + what, WIDTH, HEIGHT), folder.resolve("raster-" + tag + ".png")),
                savePng(ratePerNeuron(s, "Firing rate per neuron, " + what, WIDTH, HEIGHT),
                        folder.resolve("rate-neurons-" + tag + ".png")),
                savePng(rateOverTime(s, "Population firing rate, " + what, WIDTH, HEIGHT),
                        folder.resolve("rate-time-" + tag + ".png")));
    }

    private static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("SpikePlots: size must be at least 100 x 100 pixels, got " + width
                    + " x " + height);
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        return chart;
    }

    private static XYChart curve(String title, String xTitle, String yTitle, double[] y, int width, int height) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        XYChart chart = chart(title, xTitle, yTitle, width, height);
        chart.getStyler().setLegendVisible(false);
        // An explicit x range makes XChart space the ticks by range, not one label per point.
        chart.getStyler().setXAxisMin(-0.5).setXAxisMax(y.length - 0.5);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        XYSeries series = chart.addSeries("rate", x, y);
        series.setMarker(y.length <= 64 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        series.setLineColor(SPIKE_COLOR);
        series.setMarkerColor(SPIKE_COLOR);
        return chart;
    }

    private static String fileTag(String layerName) {
        return layerName.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
