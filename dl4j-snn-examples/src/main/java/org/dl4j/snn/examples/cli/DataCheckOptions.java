package org.dl4j.snn.examples.cli;

import java.util.Locale;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.datasets.format.TimestampPolicy;
import org.dl4j.snn.datasets.iterator.DatasetBuilder;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;
import picocli.CommandLine.Option;

/**
 * The timestamp checks of the event readers as command-line options, a picocli mixin
 * ({@code @Mixin DataCheckOptions checks;}): {@code --bad-timestamps drop|skip|fail} and {@code --max-duration SECONDS}
 * (see {@link EventChecks}).
 */
final class DataCheckOptions {

    @Option(names = "--bad-timestamps", paramLabel = "POLICY", defaultValue = "drop",
            description = "Events out of time order or later than --max-duration: drop (default; one warning per "
                    + "file), skip (leave the sample out with a warning) or fail (stop with an error). A file where "
                    + "more than 1%% of the events are bad is always refused.")
    String badTimestamps = "drop";

    @Option(names = "--max-duration", paramLabel = "SECONDS",
            description = "Longest plausible recording in seconds (default: the format's: ATIS .bin 60, AEDAT 2.0 "
                    + "600, AEDAT 3.1 7200, SHD/SSC 60).")
    Double maxDurationS;

    /**
     * The checks the options ask for.
     *
     * @throws IllegalArgumentException naming the option for a bad value
     */
    EventChecks checks() {
        TimestampPolicy policy;
        try {
            policy = TimestampPolicy.of(badTimestamps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--bad-timestamps must be drop, skip or fail, got '" + badTimestamps
                    + "'");
        }
        EventChecks c = EventChecks.defaults().withTimestamps(policy);
        if (maxDurationS != null) {
            if (!(maxDurationS > 0) || maxDurationS > 1e7) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "--max-duration must be a number of "
                        + "seconds in (0, 1e7], got %s", maxDurationS));
            }
            c = c.withMaxDurationUs(Math.max(1, Math.round(maxDurationS * 1e6)));
        }
        return c;
    }

    /** {@code builder} with the checks applied when it reads event files (static images have none). */
    static DatasetBuilder<?, ?> apply(DatasetBuilder<?, ?> builder, EventChecks checks) {
        if (builder instanceof EventDatasetBuilder e && !checks.equals(EventChecks.defaults())) {
            e.checks(checks);
        }
        return builder;
    }
}
