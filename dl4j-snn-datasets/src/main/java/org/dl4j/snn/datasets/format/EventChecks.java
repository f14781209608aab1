package org.dl4j.snn.datasets.format;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The timestamp sanity checks every event reader applies to a decoded recording, and what it does about a failure.
 *
 * <p>Checked, in this order:
 * <ol>
 *   <li><b>time order</b> (camera formats; SHD / SSC do not promise sorted spikes): timestamps never decrease within
 *       a recording, after the format's documented wrap or overflow is applied (ATIS overflow markers, AEDAT 2.0's
 *       32-bit wrap, AEDAT 3.1's {@code eventTSOverflow}). The offending events are the fewest whose removal leaves
 *       the rest in order (the complement of a longest non-decreasing subsequence), so one wild timestamp counts as
 *       one event, and a packet moved hours ahead as that packet's events;</li>
 *   <li><b>duration</b>: no event later than {@code maxDurationUs} after the first (per format by default, see
 *       {@link #maxDurationUs()});</li>
 *   <li><b>rate</b>: at most {@code maxEventsPerUs} events per microsecond of recording on average (a file of zero
 *       bytes decodes as millions of events at t = 0; no sensor records that).</li>
 * </ol>
 * Events failing 1 or 2 are handled by the {@link TimestampPolicy}; more than {@code maxDroppedFraction} of the
 * events failing (and more than one), or failing 3, means the file is not a recording and is always an
 * {@link EventFormatException}.
 * Defaults: {@link TimestampPolicy#DROP_EVENTS}, the format's duration, 1 %, 1,000 events per microsecond.
 *
 * @param timestamps         what to do with out-of-order or late events
 * @param maxDurationUs      the longest plausible recording in microseconds, 0 for the format's default (ATIS
 *                           {@code .bin} 60 s, AEDAT 2.0 10 min, AEDAT 3.1 2 h, SHD / SSC 60 s)
 * @param maxDroppedFraction the largest fraction of a recording's events that may be bad before the file is refused
 * @param maxEventsPerUs     the largest plausible mean event rate per microsecond
 */
public record EventChecks(TimestampPolicy timestamps, long maxDurationUs, double maxDroppedFraction,
                          double maxEventsPerUs) {
    private static final Logger log = LoggerFactory.getLogger(EventChecks.class);
    private static final EventChecks DEFAULTS = new EventChecks(TimestampPolicy.DROP_EVENTS, 0, 0.01, 1000);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final int MAX_WARNED = 100_000;

    public EventChecks {
        if (timestamps == null) {
            throw new IllegalArgumentException("timestamp policy must not be null");
        }
        if (maxDurationUs < 0) {
            throw new IllegalArgumentException("maximum duration must be >= 0 us (0: the format's), got "
                    + maxDurationUs);
        }
        if (!(maxDroppedFraction >= 0 && maxDroppedFraction <= 1)) {
            throw new IllegalArgumentException("maximum dropped fraction must be in [0, 1], got " + maxDroppedFraction);
        }
        if (!(maxEventsPerUs > 0) || Double.isInfinite(maxEventsPerUs)) {
            throw new IllegalArgumentException("maximum event rate must be a positive number, got " + maxEventsPerUs);
        }
    }

    /** Drop bad events with a warning, the format's duration, 1 %, 1,000 events per microsecond. */
    public static EventChecks defaults() {
        return DEFAULTS;
    }

    /** These checks with another policy. */
    public EventChecks withTimestamps(TimestampPolicy policy) {
        return new EventChecks(policy, maxDurationUs, maxDroppedFraction, maxEventsPerUs);
    }

    /** These checks with another maximum duration (microseconds; 0 for the format's default). */
    public EventChecks withMaxDurationUs(long us) {
        return new EventChecks(timestamps, us, maxDroppedFraction, maxEventsPerUs);
    }

    /** These checks with another largest fraction of bad events. */
    public EventChecks withMaxDroppedFraction(double fraction) {
        return new EventChecks(timestamps, maxDurationUs, fraction, maxEventsPerUs);
    }

    /** The maximum duration that applies to a format whose default is {@code formatDefaultUs}. */
    long durationFor(long formatDefaultUs) {
        return maxDurationUs > 0 ? maxDurationUs : formatDefaultUs;
    }

    /** Byte offset of decoded event {@code i} in the file, or -1 where events are not located by bytes. */
    @FunctionalInterface
    interface Locator {
        long byteOffset(int event);
    }

    /**
     * Applies the checks to the events decoded into {@code buf} and returns them (without the dropped ones).
     *
     * @param sample    the sample index within the file (SHD / SSC), or -1 for a one-recording file
     * @param ordered   whether the format promises time order
     * @param formatMax the format's default maximum duration, microseconds
     */
    Events apply(EventBuffer buf, int width, int height, Path file, long sample, Locator where, boolean ordered,
                 long formatMax) throws EventFormatException {
        int n = buf.size();
        long[] t = buf.times();
        if (n == 0) {
            return buf.toEvents(width, height);
        }
        long maxUs = durationFor(formatMax);
        int firstBackward = -1;
        long min;
        long max;
        if (ordered) {
            // The buffer noted the first step back while decoding; in order, the first and last are the extremes.
            firstBackward = buf.firstBackward();
            min = t[0];
            max = t[n - 1];
        } else {
            min = t[0];
            max = t[0];
            for (int i = 1; i < n; i++) {
                min = Math.min(min, t[i]);
                max = Math.max(max, t[i]);
            }
        }
        boolean outOfOrder = ordered && firstBackward >= 0;
        if (!outOfOrder && max - min <= maxUs) {
            checkRate(n, max - min, file, sample);
            return buf.toEvents(width, height);
        }
        boolean[] bad = outOfOrder ? outOfOrder(t, n) : new boolean[n];
        int disordered = 0;
        int firstBad = -1;
        for (int i = 0; i < n; i++) {
            if (bad[i]) {
                disordered++;
                firstBad = firstBad < 0 ? i : firstBad;
            }
        }
        long start = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            if (!bad[i] && (ordered || t[i] < start)) {
                start = Math.min(start, t[i]);
                if (ordered) {
                    break;
                }
            }
        }
        int late = 0;
        int firstLate = -1;
        for (int i = 0; i < n; i++) {
            if (!bad[i] && t[i] - start > maxUs) {
                bad[i] = true;
                late++;
                firstLate = firstLate < 0 ? i : firstLate;
            }
        }
        int total = disordered + late;
        int first = firstBad >= 0 && (firstLate < 0 || firstBad < firstLate) ? firstBad : firstLate;
        String what = describe(t, n, first, disordered, firstBad, late, firstLate, start, maxUs, ordered);
        long offset = where.byteOffset(first);
        if (total > Math.max(1, Math.floor(maxDroppedFraction * n))) {
            throw located(file, offset, sample, first, what + "; that is more than the " + percent(maxDroppedFraction)
                    + " of bad events a recording may have, so the file is not a valid recording (corrupt data?)");
        }
        switch (timestamps) {
            case FAIL -> throw new BadTimestampsException(file, offset, sample, message(file, offset, sample, first,
                    what + " (timestamp policy: fail; 'drop' keeps the rest of the recording)"), total, false);
            case SKIP_SAMPLE -> throw new BadTimestampsException(file, offset, sample, message(file, offset, sample,
                    first, what + " (timestamp policy: skip the sample)"), total, true);
            default -> {
                buf.remove(bad);
                warnOnce(file, sample, message(file, offset, sample, first, what + "; dropped them (timestamp policy: "
                        + "drop)"));
                long s = Long.MAX_VALUE;
                long e = Long.MIN_VALUE;
                for (int i = 0; i < buf.size(); i++) {
                    s = Math.min(s, t[i]);
                    e = Math.max(e, t[i]);
                }
                checkRate(buf.size(), buf.size() == 0 ? 0 : e - s, file, sample);
                return buf.toEvents(width, height);
            }
        }
    }

    private void checkRate(int n, long durationUs, Path file, long sample) throws EventFormatException {
        if (n > maxEventsPerUs * (durationUs + 1.0)) {
            String what = String.format(Locale.ROOT, "%,d events within %,d us, more than %s per microsecond: no "
                    + "sensor records that; the data is not a recording (e.g. a run of zero bytes)", n, durationUs,
                    maxEventsPerUs == Math.rint(maxEventsPerUs) ? Long.toString((long) maxEventsPerUs)
                            : Double.toString(maxEventsPerUs));
            throw sample >= 0 ? EventFormatException.inSample(file, sample, what)
                    : EventFormatException.inFile(file, what);
        }
    }

    private static String describe(long[] t, int n, int first, int disordered, int firstBad, int late, int firstLate,
                                   long start, long maxUs, boolean ordered) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%,d of %,d events have implausible timestamps", disordered + late, n));
        if (disordered > 0) {
            long before = firstBad > 0 ? t[firstBad - 1] : t[firstBad + 1];
            sb.append(String.format(Locale.ROOT, ": %,d out of time order (first: event %d at t=%d us %s t=%d us)",
                    disordered, firstBad, t[firstBad], firstBad > 0 ? "after" : "before", before));
        }
        if (late > 0) {
            sb.append(disordered > 0 ? "," : ":").append(String.format(Locale.ROOT, " %,d more than %s after the %s "
                    + "event (first: event %d at t=%d us)", late, seconds(maxUs), ordered ? "first" : "earliest",
                    firstLate, t[firstLate]));
        }
        return sb.toString();
    }

    /** Marks the events outside one longest non-decreasing subsequence of {@code t} (O(n log n)). */
    static boolean[] outOfOrder(long[] t, int n) {
        int[] tail = new int[n];
        int[] prev = new int[n];
        int len = 0;
        for (int i = 0; i < n; i++) {
            long v = t[i];
            int lo = 0;
            int hi = len;
            if (len > 0 && t[tail[len - 1]] <= v) {
                lo = len;
            } else {
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (t[tail[mid]] <= v) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
            }
            prev[i] = lo > 0 ? tail[lo - 1] : -1;
            tail[lo] = i;
            if (lo == len) {
                len++;
            }
        }
        boolean[] bad = new boolean[n];
        java.util.Arrays.fill(bad, true);
        for (int k = tail[len - 1]; k >= 0; k = prev[k]) {
            bad[k] = false;
        }
        return bad;
    }

    private static EventFormatException located(Path file, long offset, long sample, int event, String what) {
        if (offset >= 0) {
            return EventFormatException.atByte(file, offset, "event " + event + ": " + what);
        }
        return sample >= 0 ? EventFormatException.inSample(file, sample, "spike " + event + ": " + what)
                : EventFormatException.inFile(file, "event " + event + ": " + what);
    }

    private static String message(Path file, long offset, long sample, int event, String what) {
        return located(file, offset, sample, event, what).getMessage();
    }

    private static void warnOnce(Path file, long sample, String message) {
        if (WARNED.size() > MAX_WARNED) {
            WARNED.clear();
        }
        if (WARNED.add(file + "#" + sample)) {
            log.warn(message);
        }
    }

    private static String percent(double f) {
        return String.format(Locale.ROOT, "%s %%", new java.math.BigDecimal(f * 100).round(
                new java.math.MathContext(3)).stripTrailingZeros().toPlainString());
    }

    private static String seconds(long us) {
        return us % 1_000_000 == 0 ? us / 1_000_000 + " s" : us + " us";
    }
}
