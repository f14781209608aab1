package org.dl4j.snn.layers.internal.kernel;

/**
 * The one switch of the fast paths, and the one way a runtime picks its {@link Kernel}. With the system property
 * {@code -Dsnn.kernels=stock} (read once, at first use) every runtime runs its stock kernels, DL4J's and libnd4j's own
 * ops: an A/B timing of the same build, or a check that a result does not come from a fast kernel. Tests switch the
 * same way within a scope ({@link #stockOnly()}).
 */
public final class Kernels {
    /** The system property: {@value} = {@code stock} turns every fast kernel off. */
    public static final String PROPERTY = "snn.kernels";

    private static volatile boolean stockOnly = "stock".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim());

    private Kernels() {
    }

    /** Whether the fast kernels may run (the property and {@link #stockOnly()} say no). */
    public static boolean fastPathsOn() {
        return !stockOnly;
    }

    /**
     * The kernel for {@code pass}: the first of {@code fast}, in order, that applies to it, or {@code stock} when none
     * does or the fast paths are off.
     */
    @SafeVarargs
    public static <P> Kernel<P> choose(P pass, Kernel<P> stock, Kernel<P>... fast) {
        if (!stockOnly) {
            for (Kernel<P> k : fast) {
                if (k.appliesTo(pass)) return k;
            }
        }
        return stock;
    }

    /**
     * FOR TESTS: every runtime picks its stock kernels until the returned scope is closed (then the switch is as it
     * was): {@code try (Kernels.Scope stock = Kernels.stockOnly()) { ... }}. Forward passes chosen inside the scope keep
     * their kernel for their backward pass.
     */
    public static Scope stockOnly() {
        boolean before = stockOnly;
        stockOnly = true;
        return () -> stockOnly = before;
    }

    /** A scope of {@link #stockOnly()}. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
