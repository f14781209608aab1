package org.dl4j.snn.datasets.format;

import java.util.Objects;

/**
 * One sample of the Spiking Heidelberg Digits (SHD) or Spiking Speech Commands (SSC) data set.
 *
 * <p>The events follow the audio convention of {@link Events}: {@code x} = cochlea channel 0..699,
 * {@code y = 0}, {@code p = 0}, {@code t} in microseconds; {@code label} is the class from {@code labels} and
 * {@code speaker} the id from {@code extra/speaker} (-1 where the file has none).
 *
 * @param events  the spikes of the sample
 * @param label   the class, 0-based
 * @param speaker the speaker id, or -1
 * @param source  the file and sample index, e.g. {@code "shd_train.h5 sample 17"}
 */
public record ShdSample(Events events, int label, int speaker, String source) {
    public ShdSample {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(source, "source");
    }

    /** The sample without its speaker, for pipelines that treat all formats alike. */
    public LabelledEvents labelled() {
        return new LabelledEvents(events, label, source);
    }
}
