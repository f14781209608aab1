package org.dl4j.snn.examples.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this whole process (every thread: Java, ND4J's OpenMP pool, OpenBLAS), as Python's
 * {@code time.process_time()} measures the reference's. On a shared machine wall-clock step times depend on how much
 * of the cores the neighbours leave; CPU time per step depends far less on them, so the bench reports both.
 */
public final class ProcessCpu {
    private ProcessCpu() {}

    /** Process CPU time in nanoseconds, or -1 where the JVM cannot tell. */
    public static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Milliseconds of CPU per unit between two {@link #nanos()} readings, or NaN when either is unknown. */
    public static double msPer(long from, long to, int units) {
        return from < 0 || to < 0 || units <= 0 ? Double.NaN : (to - from) / 1e6 / units;
    }
}
