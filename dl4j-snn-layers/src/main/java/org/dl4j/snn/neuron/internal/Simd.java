package org.dl4j.snn.neuron.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * Whether the library's SIMD loops run: the JDK's Vector API ({@code jdk.incubator.vector}) is in the JVM's boot layer
 * ({@code java --add-modules jdk.incubator.vector}) and not switched off with {@code -Dsnn.vector=false}. Asked once;
 * the classes that name the incubator types ({@code VectorLanes} for the neuron kernel, {@code ChannelSums} for batch
 * norm, {@code PoolingLanes} for max pooling) are loaded only when it says yes, and their scalar twins give the same
 * bits without it. The reason it says no is logged once.
 */
public final class Simd {
    /** The system property: {@value} = {@code false} keeps the Vector API off (an A/B timing of the same build). */
    public static final String PROPERTY = "snn.vector";

    private static final String PROBLEM = probe();

    private Simd() {
    }

    /**
     * The first calls of one SIMD loop in this JVM. Until C2 has compiled them, Vector API methods run as boxed Java
     * code, about a hundred times slower than their scalar twins, and C2's queue is long while a network trains its
     * first steps. A kernel asks {@link #vectorsEvery} once per call; during its first calls it gives the vectors a
     * small share of the work (enough invocations for C2 to compile them, inlined into the kernel's loops) and its
     * scalar loops, which give the same bits, do the rest.
     */
    public static final class WarmUp {
        /** During warm-up, one part in this many (blocks, channels, row pairs) runs on the vectors. */
        public static final int EVERY = 16;
        private final AtomicInteger left;

        /** A loop whose first {@code calls} calls in this JVM are warm-up calls. */
        public WarmUp(int calls) {
            left = new AtomicInteger(calls);
        }

        /** For one call (asking once): {@link #EVERY} during warm-up, else 1 (every part on the vectors). */
        public int vectorsEvery() {
            return left.get() > 0 && left.getAndDecrement() > 0 ? EVERY : 1;
        }

        /** Whether part {@code part} of a call runs on the vectors, given the call's {@link #vectorsEvery} (or 0). */
        public static boolean onVectors(int every, int part) {
            return every != 0 && part % every == 0;
        }
    }

    /** Whether the SIMD loops run here. */
    public static boolean available() {
        return PROBLEM == null;
    }

    /** Why the SIMD loops do not run here, or null when they do. */
    public static String unavailable() {
        return PROBLEM;
    }

    private static String probe() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())) {
            return "switched off (-D" + PROPERTY + "=false)";
        }
        String problem;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            problem = "the JVM runs without --add-modules jdk.incubator.vector";
        } else {
            try {
                if (VectorLanes.width() > 1) return null;
                problem = "the Vector API has one lane here";
            } catch (Throwable e) {
                problem = "the Vector API did not load: " + e;
            }
        }
        LoggerFactory.getLogger(Simd.class).info(
                "Neuron kernel, batch norm and pooling without SIMD (several times slower per element): {}", problem);
        return problem;
    }
}
