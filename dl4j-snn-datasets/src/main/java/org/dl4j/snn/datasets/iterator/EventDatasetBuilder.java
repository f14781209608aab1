package org.dl4j.snn.datasets.iterator;

import org.dl4j.snn.datasets.datavec.EventSampleSource;
import org.dl4j.snn.datasets.datavec.SampleSource;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.datasets.format.Events;
import org.dl4j.snn.datasets.format.TimestampPolicy;
import org.dl4j.snn.datasets.transform.EventPipeline;
import org.dl4j.snn.datasets.transform.EventTransform;
import org.dl4j.snn.datasets.transform.FramePipeline;
import org.dl4j.snn.datasets.transform.Slicer;
import org.dl4j.snn.datasets.transform.ToFrames;

import java.util.ArrayList;
import java.util.List;

/**
 * Options of an event dataset: the event transforms (denoise, downsample, augmentation) and the frame integration,
 * on top of the shared {@link DatasetBuilder} options.
 *
 * <p>{@code frames(T)} is SpikingJelly's {@code integrate_events_by_fixed_frames_number(split_by='number')}, the
 * setting PLIF uses for N-MNIST, DVS Gesture and CIFAR10-DVS; {@link #integrate} takes any {@link ToFrames}.
 * Transforms run in the order given, before integration.
 */
public final class EventDatasetBuilder extends DatasetBuilder<Events, EventDatasetBuilder> {
    private final ToFrames.Polarity polarity;
    private final List<EventTransform> transforms = new ArrayList<>();
    private ToFrames toFrames;

    /**
     * @param polarity how {@link #frames(int)} maps polarity to channels ({@code SPLIT} for cameras, {@code MERGE}
     *                 for SHD/SSC)
     */
    public EventDatasetBuilder(SampleSource<Events> source, Layout defaultLayout, ToFrames.Polarity polarity) {
        super(source, defaultLayout);
        this.polarity = polarity;
    }

    /** T frames with equal event counts (SpikingJelly split_by='number'). */
    public EventDatasetBuilder frames(int steps) {
        return frames(steps, Slicer.SplitBy.NUMBER);
    }

    /** T frames split by event number or by equal time (SpikingJelly split_by='number' / 'time'). */
    public EventDatasetBuilder frames(int steps, Slicer.SplitBy splitBy) {
        return integrate(ToFrames.byFrameCount(steps, splitBy));
    }

    /**
     * Any integration, e.g. {@code ToFrames.byDuration(1000, 300)} for 300 bins of 1 ms. On single-polarity data
     * (SHD/SSC, whose events all have p = 0) the polarity channels are merged, so frames keep one channel.
     */
    public EventDatasetBuilder integrate(ToFrames toFrames) {
        if (toFrames == null) {
            throw new IllegalArgumentException("integration must not be null");
        }
        this.toFrames = polarity == ToFrames.Polarity.MERGE ? toFrames.mergePolarity() : toFrames;
        return this;
    }

    /** Appends event transforms (deterministic or random), applied in order before integration. */
    public EventDatasetBuilder transform(EventTransform... steps) {
        for (EventTransform t : steps) {
            if (t == null) {
                throw new IllegalArgumentException("transform must not be null");
            }
            transforms.add(t);
        }
        return this;
    }

    /**
     * The timestamp checks of the readers (see {@link EventChecks}; default {@link EventChecks#defaults()}: drop
     * out-of-order or late events with one warning per file, refuse a file where more than 1 % are bad).
     *
     * @throws IllegalArgumentException when the dataset's samples do not come from a reader that applies them
     */
    public EventDatasetBuilder checks(EventChecks checks) {
        if (checks == null) {
            throw new IllegalArgumentException("checks must not be null");
        }
        if (!(source() instanceof EventSampleSource s)) {
            throw new IllegalArgumentException("the samples (" + source().getClass().getSimpleName() + ") are not "
                    + "read by an event reader that applies EventChecks");
        }
        replaceSource(s.withChecks(checks));
        return this;
    }

    /** Shorthand for {@code checks(current checks with timestamps = policy)}: fail, skip the sample or drop events. */
    public EventDatasetBuilder badTimestamps(TimestampPolicy policy) {
        EventChecks current = source() instanceof EventSampleSource s ? s.checks() : EventChecks.defaults();
        return checks(current.withTimestamps(policy));
    }

    @Override
    protected FramePipeline<Events> pipeline() {
        if (toFrames == null) {
            throw new IllegalStateException("no frame integration set: call frames(T) or integrate(ToFrames...)");
        }
        return EventPipeline.of(toFrames, transforms.toArray(new EventTransform[0]));
    }
}
