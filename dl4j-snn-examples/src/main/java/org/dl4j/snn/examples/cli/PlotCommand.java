package org.dl4j.snn.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.examples.plot.ChartFiles;
import org.dl4j.snn.examples.plot.CsvTable;
import org.dl4j.snn.examples.plot.RunPlots;
import org.dl4j.snn.examples.plot.SpikePlots;
import org.dl4j.snn.examples.train.MetricsCsv;
import org.dl4j.snn.examples.train.RunData;
import org.dl4j.snn.monitor.FileMonitorSink;
import org.dl4j.snn.monitor.LayerActivations;
import org.dl4j.snn.monitor.MonitoredLayer;
import org.dl4j.snn.monitor.SampleSpikes;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plot ...}: charts of runs and experiments as PNG and SVG files; each prints the files it wrote. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Charts as PNG and SVG: training curves, firing rates, a spike raster, ablation bars.",
        subcommands = {PlotCommand.Curves.class, PlotCommand.Rates.class, PlotCommand.Raster.class,
                PlotCommand.Ablation.class})
public final class PlotCommand {
    private PlotCommand() {
    }

    private static int report(List<Path> files) {
        files.forEach(f -> System.out.println("wrote " + f));
        return 0;
    }

    /** {@code plot curves --run DIR}: train loss and test accuracy per epoch from metrics.csv. */
    @Command(name = "curves", mixinStandardHelpOptions = true,
            description = "Train loss and test accuracy per epoch (metrics.csv) -> curves.png / .svg.")
    public static final class Curves implements Callable<Integer> {
        @Option(names = "--run", required = true, description = "Run folder (with metrics.csv).")
        Path run;

        @Option(names = "--out", description = "Output folder (default: the run folder).")
        Path out;

        @Override
        public Integer call() throws Exception {
            XYChart chart = RunPlots.curves(MetricsCsv.read(run.resolve(MetricsCsv.FILE)),
                    "Training curves, " + run.toAbsolutePath().normalize().getFileName());
            return report(ChartFiles.save(chart, out != null ? out : run, "curves"));
        }
    }

    /** {@code plot rates --run DIR}: firing rate, dead and saturated fractions per layer and epoch. */
    @Command(name = "rates", mixinStandardHelpOptions = true,
            description = "Firing rate, dead and saturated fractions per spiking layer and epoch "
                    + "(spike-monitor.csv) -> firing-rate, dead, saturated .png / .svg.")
    public static final class Rates implements Callable<Integer> {
        @Option(names = "--run", required = true, description = "Run folder (with spike-monitor.csv).")
        Path run;

        @Option(names = "--out", description = "Output folder (default: the run folder).")
        Path out;

        @Override
        public Integer call() throws Exception {
            CsvTable monitor = CsvTable.read(run.resolve(FileMonitorSink.CSV_FILE), RunPlots.MONITOR_COLUMNS);
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, XYChart> e : RunPlots.rates(monitor,
                    String.valueOf(run.toAbsolutePath().normalize().getFileName())).entrySet()) {
                files.addAll(ChartFiles.save(e.getValue(), out != null ? out : run, e.getKey()));
            }
            return report(files);
        }
    }

    /** {@code plot raster --model RUN --sample i [--layer k]}: spikes of one sample through a trained network. */
    @Command(name = "raster", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Spike raster, firing rate per neuron and over time of one sample in one spiking layer "
                    + "of a trained network -> raster-<layer>-s<i>, rate-neurons-..., rate-time-... .png / .svg.")
    public static final class Raster implements Callable<Integer> {
        @Mixin
        SavedRunOptions saved = new SavedRunOptions();

        @Option(names = "--sample", defaultValue = "0", description = "Sample index in the split (default 0).")
        int sample;

        @Option(names = "--layer", defaultValue = "0",
                description = "Which spiking layer: its index among the spiking layers (0 = first, the default) or "
                        + "its name.")
        String layer;

        @Option(names = "--out", description = "Output folder (default: the run folder, or the model file's).")
        Path out;

        @Override
        public Integer call() throws Exception {
            SavedRun run = saved.open();
            if (sample < 0) {
                throw new IllegalArgumentException("--sample must be >= 0, got " + sample);
            }
            Split split = saved.splitValue();
            SnnDataSetIterator data = run.data(split, i -> i == sample, 1);
            DataSet ds;
            try {
                if (!data.hasNext()) {
                    throw new IllegalArgumentException("--sample " + sample + ": the " + saved.split + " split of "
                            + run.config().root() + " has " + RunData.builder(run.config(), split).source().size()
                            + " samples");
                }
                ds = data.next();
            } finally {
                data.shutdown();
            }
            MultiLayerNetwork net = run.network();
            Map<MonitoredLayer, INDArray> acts = LayerActivations.spiking(net, ds.getFeatures(),
                    ds.getFeaturesMaskArray());
            MonitoredLayer chosen = choose(new ArrayList<>(acts.keySet()));
            SampleSpikes s = SampleSpikes.of(acts.get(chosen), 0);
            String tag = chosen.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-s" + sample;
            String what = "layer " + chosen.name() + ", " + saved.split + " sample " + sample + " ("
                    + ds.getExampleMetaData().get(0) + ")";
            Path model = saved.model;
            Path folder = out != null ? out : Files.isDirectory(model) ? model : model.toAbsolutePath().getParent();
            List<Path> files = new ArrayList<>();
            files.addAll(ChartFiles.save(SpikePlots.raster(s, "Spike raster, " + what, SpikePlots.WIDTH,
                    SpikePlots.HEIGHT), folder, "raster-" + tag));
            files.addAll(ChartFiles.save(SpikePlots.ratePerNeuron(s, "Firing rate per neuron, " + what,
                    SpikePlots.WIDTH, SpikePlots.HEIGHT), folder, "rate-neurons-" + tag));
            files.addAll(ChartFiles.save(SpikePlots.rateOverTime(s, "Population firing rate, " + what,
                    SpikePlots.WIDTH, SpikePlots.HEIGHT), folder, "rate-time-" + tag));
            return report(files);
        }

        private MonitoredLayer choose(List<MonitoredLayer> layers) {
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("the model has no spiking layer");
            }
            for (MonitoredLayer l : layers) {
                if (l.name().equals(layer)) {
                    return l;
                }
            }
            try {
                int k = Integer.parseInt(layer);
                if (k >= 0 && k < layers.size()) {
                    return layers.get(k);
                }
            } catch (NumberFormatException ignored) {
                // not an index: reported below with the names
            }
            throw new IllegalArgumentException("--layer " + layer + ": give 0.." + (layers.size() - 1)
                    + " or one of the spiking layers " + layers.stream().map(MonitoredLayer::name).toList());
        }
    }

    /** {@code plot ablation --csv FILE}: grouped bars of final accuracy, mean +- std, per variant and loss. */
    @Command(name = "ablation", mixinStandardHelpOptions = true,
            description = "Final test accuracy (mean +- std) per variant and loss from the experiment runner's "
                    + "results CSV (columns variant, loss, final_acc_mean, final_acc_std) -> ablation.png / .svg.")
    public static final class Ablation implements Callable<Integer> {
        @Option(names = "--csv", required = true, description = "The experiment runner's results CSV.")
        Path csv;

        @Option(names = "--out", description = "Output folder (default: the CSV's folder).")
        Path out;

        @Option(names = "--title", defaultValue = "Ablation: final test accuracy",
                description = "Chart title (default '${DEFAULT-VALUE}').")
        String title;

        @Override
        public Integer call() throws Exception {
            CsvTable table = CsvTable.read(csv, RunPlots.ABLATION_COLUMNS);
            Path folder = out != null ? out : csv.toAbsolutePath().getParent();
            return report(ChartFiles.save(RunPlots.ablation(table, title), folder, "ablation"));
        }
    }
}
