package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An event recording's path to frames: event transforms applied in order, then {@link ToFrames} integration,
 * {@code frames = integrate(f_n(...f_1(events)))}.
 *
 * <p>The transforms before the first random one form the deterministic {@link #prepare} stage; the rest (random
 * augmentation) and the integration form {@link #finish}. Immutable: {@link #then} returns a new pipeline.
 */
public final class EventPipeline implements FramePipeline<Events> {
    private final List<EventTransform> transforms;
    private final ToFrames toFrames;
    private final int firstRandom;

    private EventPipeline(List<EventTransform> transforms, ToFrames toFrames) {
        if (toFrames == null) {
            throw new IllegalArgumentException("an event pipeline needs a ToFrames integration");
        }
        this.transforms = List.copyOf(transforms);
        this.toFrames = toFrames;
        int r = this.transforms.size();
        for (int i = 0; i < this.transforms.size(); i++) {
            if (this.transforms.get(i).isRandom()) {
                r = i;
                break;
            }
        }
        this.firstRandom = r;
    }

    /** Integration only, no transforms. */
    public static EventPipeline of(ToFrames toFrames) {
        return new EventPipeline(List.of(), toFrames);
    }

    /** Integration after the given transforms (applied in order). */
    public static EventPipeline of(ToFrames toFrames, EventTransform... transforms) {
        return new EventPipeline(List.of(transforms), toFrames);
    }

    /** This pipeline with {@code transform} appended before integration. */
    public EventPipeline then(EventTransform transform) {
        List<EventTransform> list = new ArrayList<>(transforms);
        list.add(transform);
        return new EventPipeline(list, toFrames);
    }

    /** This pipeline with another integration. */
    public EventPipeline withFrames(ToFrames frames) {
        return new EventPipeline(transforms, frames);
    }

    public List<EventTransform> transforms() { return transforms; }
    public ToFrames toFrames() { return toFrames; }

    @Override
    public Events prepare(Events decoded) {
        Events e = decoded;
        for (int i = 0; i < firstRandom; i++) {
            e = transforms.get(i).apply(e, null);
        }
        return e;
    }

    @Override
    public Frames finish(Events prepared, SplittableRandom rng) {
        Events e = prepared;
        for (int i = firstRandom; i < transforms.size(); i++) {
            e = transforms.get(i).apply(e, rng);
        }
        return toFrames.integrate(e);
    }

    @Override
    public boolean isRandom() {
        return firstRandom < transforms.size();
    }

    @Override
    public int fixedSteps() {
        return toFrames.fixedSteps();
    }

    @Override
    public String key() {
        StringBuilder sb = new StringBuilder("EventPipeline[");
        for (EventTransform t : transforms) {
            sb.append(t.key()).append(" -> ");
        }
        return sb.append(toFrames.key()).append(']').toString();
    }

    @Override
    public String toString() {
        return key();
    }
}
