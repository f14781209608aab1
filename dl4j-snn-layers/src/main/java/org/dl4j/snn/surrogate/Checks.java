package org.dl4j.snn.surrogate;

/** Argument validation shared by the surrogates: one place for the error message format. */
final class Checks {
    private Checks() {}

    /** Returns {@code value} if it is finite and &gt; 0, else throws naming the class, field and value. */
    static double positive(Class<?> owner, String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner.getSimpleName() + "." + field
                    + " must be a finite number > 0, got " + value);
        }
        return value;
    }
}
