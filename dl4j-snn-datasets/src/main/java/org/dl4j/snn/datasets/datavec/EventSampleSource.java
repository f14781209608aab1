package org.dl4j.snn.datasets.datavec;

import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.datasets.format.Events;

/**
 * A {@link SampleSource} of event recordings whose reader applies {@link EventChecks} (timestamp order, duration,
 * rate), so a dataset builder can change what happens to implausible timestamps.
 */
public interface EventSampleSource extends SampleSource<Events> {

    /** The checks applied when a sample is loaded. */
    EventChecks checks();

    /** The same samples, loaded with {@code checks}. */
    EventSampleSource withChecks(EventChecks checks);
}
