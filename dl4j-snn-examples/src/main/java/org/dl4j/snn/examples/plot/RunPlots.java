package org.dl4j.snn.examples.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.dl4j.snn.examples.train.Trainer;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of a run folder and of the experiment runner: training curves ({@code metrics.csv}), firing-rate
 * curves per spiking layer ({@code spike-monitor.csv}) and ablation bars (the runner's results CSV).
 */
public final class RunPlots {
    /** The columns {@link #ablation} needs. */
    public static final List<String> ABLATION_COLUMNS = List.of("variant", "loss", "final_acc_mean",
            "final_acc_std");
    /** The columns of spike-monitor.csv that {@link #rates} reads. */
    public static final List<String> MONITOR_COLUMNS = List.of("kind", "epoch", "layer_name", "mean_rate",
            "dead_fraction", "saturated_fraction");
    /** The rate charts: file name -> (column, axis title). */
    public static final Map<String, String[]> RATE_CHARTS = rateCharts();

    private RunPlots() {
    }

    private static Map<String, String[]> rateCharts() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("firing-rate", new String[] {"mean_rate", "mean firing rate (spikes / neuron / step)"});
        m.put("dead", new String[] {"dead_fraction", "dead neurons (fraction, never fired)"});
        m.put("saturated", new String[] {"saturated_fraction", "saturated neurons (fraction, fired every step)"});
        return m;
    }

    /**
     * Train loss (left axis) and test accuracy (right axis) per epoch.
     *
     * @throws IllegalArgumentException when there is no epoch
     */
    public static XYChart curves(List<Trainer.EpochResult> epochs, String title) {
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("no epoch to plot (metrics.csv has no rows)");
        }
        double[] x = epochs.stream().mapToDouble(Trainer.EpochResult::epoch).toArray();
        XYChart chart = xy(title, "epoch", "train loss");
        XYSeries loss = chart.addSeries("train loss", x,
                epochs.stream().mapToDouble(Trainer.EpochResult::loss).toArray());
        loss.setMarker(SeriesMarkers.CIRCLE);
        XYSeries acc = chart.addSeries("test accuracy", x,
                epochs.stream().mapToDouble(Trainer.EpochResult::testAccuracy).toArray());
        acc.setMarker(SeriesMarkers.DIAMOND);
        acc.setYAxisGroup(1);
        chart.setYAxisGroupTitle(0, "train loss");
        chart.setYAxisGroupTitle(1, "test accuracy");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(1, 0.0).setYAxisMax(1, 1.0);
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }

    /**
     * One chart per quantity of {@link #RATE_CHARTS}, one series per spiking layer, x = epoch (1-based, as in
     * metrics.csv: the monitor's 0-based epoch + 1), from the monitor's {@code epoch} records.
     *
     * @throws IllegalArgumentException naming the file when it has no epoch record
     */
    public static Map<String, XYChart> rates(CsvTable monitor, String title) {
        Map<String, XYChart> charts = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> c : RATE_CHARTS.entrySet()) {
            Map<String, List<double[]>> byLayer = new LinkedHashMap<>();
            for (int r = 0; r < monitor.rows().size(); r++) {
                if (!"epoch".equals(monitor.text(r, "kind"))) {
                    continue;
                }
                double y = monitor.number(r, c.getValue()[0]);
                if (Double.isFinite(y)) {
                    byLayer.computeIfAbsent(monitor.text(r, "layer_name"), k -> new ArrayList<>())
                            .add(new double[] {monitor.number(r, "epoch") + 1, y});
                }
            }
            if (byLayer.isEmpty()) {
                throw new IllegalArgumentException(monitor.file() + " has no epoch record (kind 'epoch'); the spike "
                        + "monitor writes one per spiking layer at the end of each epoch");
            }
            XYChart chart = xy(title + ": " + c.getValue()[1], "epoch", c.getValue()[1]);
            for (Map.Entry<String, List<double[]>> e : byLayer.entrySet()) {
                chart.addSeries(e.getKey(), e.getValue().stream().mapToDouble(p -> p[0]).toArray(),
                        e.getValue().stream().mapToDouble(p -> p[1]).toArray()).setMarker(SeriesMarkers.CIRCLE);
            }
            chart.getStyler().setXAxisDecimalPattern("0");
            charts.put(c.getKey(), chart);
        }
        return charts;
    }

    /**
     * Grouped bars of the final test accuracy, mean with a +- std error bar: one group per variant, one bar
     * per loss. Rows that differ only in an optional {@code setting} column (the runner's bad-threshold suite) are
     * groups of their own, labelled {@code variant (setting)}. A (group, loss) pair the CSV lacks is drawn as an
     * empty slot.
     *
     * @throws IllegalArgumentException naming the file when it has no row, or two rows for one bar
     */
    public static CategoryChart ablation(CsvTable results, String title) {
        if (results.rows().isEmpty()) {
            throw new IllegalArgumentException(results.file() + " has no result row");
        }
        LinkedHashSet<String> variants = new LinkedHashSet<>();
        LinkedHashSet<String> losses = new LinkedHashSet<>();
        Map<String, double[]> cell = new LinkedHashMap<>();
        for (int r = 0; r < results.rows().size(); r++) {
            String v = results.text(r, "variant");
            if (results.has("setting") && !results.text(r, "setting").isBlank()) {
                v += " (" + results.text(r, "setting") + ")";
            }
            String l = results.text(r, "loss");
            variants.add(v);
            losses.add(l);
            double[] bar = {results.number(r, "final_acc_mean"), results.number(r, "final_acc_std")};
            if (cell.put(v + "\u0000" + l, bar) != null) {
                throw new IllegalArgumentException(results.file() + ": line " + (r + 2) + " repeats variant '" + v
                        + "' with loss '" + l + "'");
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(SpikePlots.WIDTH, 160 * variants.size()))
                .height(SpikePlots.HEIGHT).title(title).xAxisTitle("variant").yAxisTitle("final test accuracy")
                .build();
        style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<String> xs = List.copyOf(variants);
        for (String l : losses) {
            List<Double> mean = new ArrayList<>();
            List<Double> std = new ArrayList<>();
            for (String v : xs) {
                double[] m = cell.get(v + "\u0000" + l);
                mean.add(m == null ? 0.0 : m[0]);
                std.add(m == null || !Double.isFinite(m[1]) ? 0.0 : m[1]);
            }
            chart.addSeries(l, xs, mean, std);
        }
        return chart;
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(SpikePlots.WIDTH).height(SpikePlots.HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        return chart;
    }

    private static void style(org.knowm.xchart.style.AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
    }
}
