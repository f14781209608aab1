package org.dl4j.snn.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.dl4j.snn.datasets.datavec.FrameDataset;
import org.dl4j.snn.datasets.datavec.SampleSource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.encode.StaticImage;
import org.dl4j.snn.datasets.format.BadTimestampsException;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.datasets.format.Events;
import org.dl4j.snn.datasets.iterator.DatasetBuilder;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;
import org.dl4j.snn.datasets.transform.Frames;
import org.dl4j.snn.datasets.transform.Slicer;
import org.dl4j.snn.examples.data.DatasetName;
import org.dl4j.snn.examples.train.RunConfig;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dataset ...}: commands that check a dataset a user downloaded. */
@Command(name = "dataset", description = "Inspect a dataset on disk.", subcommands = DatasetCommand.Stats.class,
        mixinStandardHelpOptions = true)
public final class DatasetCommand {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DatasetCommand.class);

    /** Which split(s) to read: one of the dataset's splits, or all of them. */
    public enum SplitChoice { TRAIN, VALID, TEST, ALL }

    /** How event frames are cut in time (SpikingJelly's split_by). */
    public enum SplitBy { NUMBER, TIME }

    /**
     * {@code dataset stats}: decodes every sample of the chosen split(s) and prints one JSON line with
     * {@code samples}, {@code classes}, {@code events} (total events read), {@code sensor} and {@code per_class}.
     * With {@code --frames T} every event sample is also integrated into T frames and {@code frame_events}
     * (the sum of all frames) is added.
     */
    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Decode every sample and print one JSON line of counts.")
    public static final class Stats implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--dataset", required = true, description = "One of: ${COMPLETION-CANDIDATES}.")
        DatasetName dataset;

        @Option(names = "--root", required = true, description = "The dataset's folder as distributed, unpacked.")
        Path root;

        @Option(names = "--split", defaultValue = "all", description = "train, valid, test or all (default).")
        SplitChoice split;

        @Option(names = "--frames", description = "Also integrate event samples into T frames.")
        Integer frames;

        @Option(names = "--split-by", defaultValue = "number", description = "number (default) or time.")
        SplitBy splitBy;

        @Mixin
        DataCheckOptions dataChecks = new DataCheckOptions();

        @Override
        public Integer call() throws Exception {
            List<Split> splits = split == SplitChoice.ALL ? dataset.splits() : List.of(Split.valueOf(split.name()));
            if (frames != null && frames <= 0) {
                throw new ParameterException(spec.commandLine(), "--frames must be > 0, got " + frames);
            }
            if (frames != null && frames > RunConfig.MAX_STEPS) {
                throw new ParameterException(spec.commandLine(), "--frames must be 1.." + RunConfig.MAX_STEPS
                        + ", got " + frames);
            }
            Map<String, Object> json = stats(dataset, root, splits, frames,
                    splitBy == SplitBy.NUMBER ? Slicer.SplitBy.NUMBER : Slicer.SplitBy.TIME, dataChecks.checks());
            System.out.println(new ObjectMapper().writeValueAsString(json));
            return 0;
        }
    }

    private DatasetCommand() {}

    /** The statistics of {@code splits} of a dataset as an ordered JSON object. */
    static Map<String, Object> stats(DatasetName name, Path root, List<Split> splits, Integer frames,
                                     Slicer.SplitBy splitBy) throws Exception {
        return stats(name, root, splits, frames, splitBy, EventChecks.defaults());
    }

    /**
     * {@link #stats(DatasetName, Path, List, Integer, Slicer.SplitBy)} with the readers' timestamp checks; samples
     * refused under the skip policy are counted in {@code skipped} and left out of the other counts.
     */
    static Map<String, Object> stats(DatasetName name, Path root, List<Split> splits, Integer frames,
                                     Slicer.SplitBy splitBy, EventChecks checks) throws Exception {
        long skipped = 0;
        long samples = 0;
        long events = 0;
        double frameEvents = 0;
        int[] sensor = null;
        List<String> classNames = null;
        long[] perClass = null;
        List<String> splitNames = new ArrayList<>();
        for (Split split : splits) {
            splitNames.add(split.name().toLowerCase());
            DatasetBuilder<?, ?> builder = DataCheckOptions.apply(name.open(root, split), checks);
            if (frames != null && builder instanceof EventDatasetBuilder eb) {
                eb.frames(frames, splitBy);
            }
            SampleSource<?> source = builder.source();
            FrameDataset<?> framed = frames != null && name.isEvents() ? builder.dataset() : null;
            classNames = source.classNames();
            if (perClass == null) perClass = new long[classNames.size()];
            for (int i = 0; i < source.size(); i++) {
                Object sample;
                try {
                    sample = source.load(i);
                } catch (BadTimestampsException e) {
                    if (!e.skipSample()) {
                        throw e;
                    }
                    log.warn("skipping sample {} ({}): {}", i, source.describe(i), e.getMessage());
                    skipped++;
                    continue;
                }
                if (sample instanceof Events e) {
                    events += e.size();
                    sensor = new int[] {e.width(), e.height()};
                } else if (sample instanceof StaticImage img) {
                    sensor = new int[] {img.width(), img.height()};
                }
                if (framed != null) {
                    Frames f = framed.frames(i, new SplittableRandom(i));
                    frameEvents += f == null ? 0 : f.sum();
                }
                perClass[source.label(i)]++;
                samples++;
            }
            if (framed != null) framed.close();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", name.cliName());
        json.put("root", root.toAbsolutePath().normalize().toString());
        json.put("split", splitNames.size() == 1 ? splitNames.get(0) : "all");
        json.put("samples", samples);
        if (skipped > 0) {
            json.put("skipped", skipped);
        }
        json.put("classes", classNames == null ? 0 : classNames.size());
        json.put("events", events);
        Map<String, Integer> size = new LinkedHashMap<>();
        if (sensor != null) {
            size.put("width", sensor[0]);
            size.put("height", sensor[1]);
        }
        json.put("sensor", size);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int c = 0; classNames != null && c < classNames.size(); c++) {
            counts.put(classNames.get(c), perClass[c]);
        }
        json.put("per_class", counts);
        if (frames != null && name.isEvents()) {
            json.put("frames", frames);
            json.put("frame_events", (long) frameEvents);
        }
        return json;
    }
}
