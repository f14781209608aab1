package org.dl4j.snn.datasets.datavec;

import org.dl4j.snn.datasets.cache.SourceId;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.datasets.format.EventFileReader;
import org.dl4j.snn.datasets.format.EventFormatException;
import org.dl4j.snn.datasets.format.Events;
import org.dl4j.snn.datasets.format.GestureLabels;
import org.dl4j.snn.datasets.format.GestureTrials;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DVS128 Gesture samples: one per annotated gesture, the events of recording {@code userNN_<lighting>.aedat}
 * with {@code start <= t < end} from its {@code _labels.csv} (SpikingJelly's {@code split_aedat_files_to_np}).
 *
 * <p>Labels and windows are read from the small csv files up front; a recording is decoded when one of its
 * gestures is first needed, and the most recent {@value #RECORDINGS_KEPT} recordings are kept, so reading in
 * index order decodes each file once (use a frame cache when shuffling).
 */
public final class GestureSampleSource implements EventSampleSource {
    static final int RECORDINGS_KEPT = 2;

    private record Window(Path recording, int label, long startUs, long endUs) {
    }

    private final List<Window> windows;
    private final List<String> classNames;
    private final EventFileReader reader;
    private final Map<Path, Events> recent = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Events> eldest) {
            return size() > RECORDINGS_KEPT;
        }
    };

    /** The gestures of the given recordings ({@link GestureTrials#split} gives the published lists). */
    public GestureSampleSource(List<Path> recordings, EventFileReader reader, List<String> classNames)
            throws IOException {
        this.reader = reader;
        this.classNames = List.copyOf(classNames);
        this.windows = new ArrayList<>();
        for (Path r : recordings) {
            GestureLabels labels = GestureLabels.read(GestureTrials.labelsFileFor(r));
            for (int i = 0; i < labels.size(); i++) {
                if (labels.label(i) >= classNames.size()) {
                    throw EventFormatException.inFile(labels.source(), "gesture " + i + " has label "
                            + labels.label(i) + ", outside the " + classNames.size() + " classes");
                }
                windows.add(new Window(r, labels.label(i), labels.startUs(i), labels.endUs(i)));
            }
        }
    }

    private GestureSampleSource(GestureSampleSource from, EventFileReader reader) {
        this.reader = reader;
        this.classNames = from.classNames;
        this.windows = from.windows;
    }

    @Override
    public EventChecks checks() {
        return reader.checks();
    }

    @Override
    public GestureSampleSource withChecks(EventChecks checks) {
        return new GestureSampleSource(this, reader.withChecks(checks));
    }

    @Override
    public int size() {
        return windows.size();
    }

    @Override
    public int label(int i) {
        return windows.get(i).label;
    }

    @Override
    public String describe(int i) {
        Window w = windows.get(i);
        return w.recording + " class " + (w.label + 1) + " [" + w.startUs + ", " + w.endUs + ") us";
    }

    @Override
    public SourceId sourceId(int i) throws IOException {
        Window w = windows.get(i);
        return SourceId.of(w.recording, "[" + w.startUs + "," + w.endUs + ")us");
    }

    @Override
    public Events load(int i) throws IOException {
        Window w = windows.get(i);
        Events recording;
        synchronized (recent) {
            recording = recent.get(w.recording);
        }
        if (recording == null) {
            recording = reader.read(w.recording);
            synchronized (recent) {
                recent.put(w.recording, recording);
            }
        }
        Events e = recording.between(w.startUs, w.endUs);
        if (e.size() == 0) {
            throw EventFormatException.inFile(w.recording, "empty sample: no event in [" + w.startUs + ", "
                    + w.endUs + ") us (class " + (w.label + 1) + ")");
        }
        return e;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }
}
