package org.dl4j.snn.examples.scaleout;

import java.util.Locale;

/**
 * How data-parallel replicas are kept in step: DL4J's two families, for ParallelWrapper ({@code --workers}) and
 * Spark ({@code --spark}) alike.
 */
public enum TrainingMode {
    /**
     * Parameter averaging: each replica fits its own mini-batches, then parameters and updater state are averaged
     * (ParallelWrapper {@code TrainingMode.AVERAGING}, Spark {@code ParameterAveragingTrainingMaster}).
     */
    AVERAGING,
    /**
     * Gradient sharing: replicas exchange threshold-encoded updates after every step (ParallelWrapper
     * {@code TrainingMode.SHARED_GRADIENTS}, Spark {@code SharedTrainingMaster} over Aeron).
     */
    SHARED_GRADIENTS;

    /** The name on the command line: {@code averaging} or {@code shared-gradients}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The mode named {@code name} ({@code averaging}, {@code shared-gradients}; case and {@code -} / {@code _} do
     * not matter).
     *
     * @throws IllegalArgumentException naming the modes for any other name
     */
    public static TrainingMode of(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (TrainingMode m : values()) {
            if (m.name().equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown training mode '" + name + "'; the modes are averaging and "
                + "shared-gradients");
    }
}
