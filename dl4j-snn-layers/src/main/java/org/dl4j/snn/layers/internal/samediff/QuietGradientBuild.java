package org.dl4j.snn.layers.internal.samediff;

import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Builds a SameDiff gradient function without M2.1's stdout noise: {@code SameDiff.createGradFunction} prints one
 * {@code "Added differentiated op <name>"} line per op with {@code System.out.println} (thousands for an unrolled
 * spiking layer). While it runs, {@code System.out} is a stream that drops exactly those lines and passes everything
 * else through.
 */
final class QuietGradientBuild {
    private static final String NOISE = "Added differentiated op ";
    private static final Object LOCK = new Object();

    private QuietGradientBuild() {
    }

    /** {@code sd.createGradFunction(variablesRequiringGradients)} with the per-op lines filtered out. */
    static void createGradFunction(SameDiff sd, String... variablesRequiringGradients) {
        // Serialised: two builds swapping System.out concurrently could restore each other's filter.
        synchronized (LOCK) {
            PrintStream original = System.out;
            System.setOut(new PrintStream(original, true) {
                @Override
                public void println(String line) {
                    if (line == null || !line.startsWith(NOISE)) {
                        super.println(line);
                    }
                }
            });
            try {
                sd.createGradFunction(variablesRequiringGradients);
            } finally {
                System.setOut(original);
            }
        }
    }
}
