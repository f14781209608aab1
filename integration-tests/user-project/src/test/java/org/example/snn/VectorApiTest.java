package org.example.snn;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dl4j.snn.neuron.internal.Simd;
import org.junit.jupiter.api.Test;

/**
 * README, "SIMD for the neuron kernel, batch norm and max pooling": a user's JVM started with
 * {@code --add-modules jdk.incubator.vector} (here surefire's argLine, as the README tells) runs the library's SIMD
 * loops from the installed jars. {@code Simd} is the library's internal switch; it is asked here only because the
 * switch has no other observable than speed and a log line.
 */
class VectorApiTest {

    @Test
    void theLibrarysSimdLoopsRunInAJvmWithTheVectorApiModule() {
        assertNull(Simd.unavailable(), "why the SIMD loops are off");
        assertTrue(Simd.available());
    }
}
