package org.dl4j.snn.examples.bench;

/**
 * Which runtime the spiking layers use in a benchmark: the fused kernels (one GEMM / convolution over all time steps
 * and the neuron recursion as one Java kernel) or the SameDiff graph (the time loop unrolled into graph ops).
 */
public enum BenchEngine {
    FUSED,
    SAMEDIFF;

    /** Lower-case name as used on the command line and in the JSON lines. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @throws UnsupportedOperationException when this engine cannot build {@code net} in this build */
    void requireSupported(BenchNet net) {
        if (this == SAMEDIFF) {
            throw new UnsupportedOperationException("bench --engine samediff: the spiking layers of this build "
                    + "have no engine switch yet (net " + net.id() + ")");
        }
    }
}
