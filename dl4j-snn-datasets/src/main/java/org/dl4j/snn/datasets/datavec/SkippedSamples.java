package org.dl4j.snn.datasets.datavec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples skipped under {@link BadSamplePolicy#SKIP_WITH_WARNING}: each once, with its origin and the reason.
 *
 * <p>Thread-safe; a skipped sample is remembered and not retried in later epochs.
 */
public final class SkippedSamples {

    /** One skipped sample: index in its source, origin (file, part) and the reason. */
    public record Entry(int index, String sample, String reason) {
        @Override
        public String toString() {
            return "sample " + index + " (" + sample + "): " + reason;
        }
    }

    private final Map<Integer, Entry> entries = new LinkedHashMap<>();

    /** Records {@code e}; false when its sample was already recorded. */
    synchronized boolean add(Entry e) {
        return entries.putIfAbsent(e.index(), e) == null;
    }

    synchronized boolean contains(int index) {
        return entries.containsKey(index);
    }

    public synchronized int count() {
        return entries.size();
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** A report: the count, then one line per sample. */
    public synchronized String report() {
        StringBuilder sb = new StringBuilder(entries.size() + " sample(s) skipped");
        for (Entry e : entries.values()) {
            sb.append(System.lineSeparator()).append("  ").append(e);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return report();
    }
}
