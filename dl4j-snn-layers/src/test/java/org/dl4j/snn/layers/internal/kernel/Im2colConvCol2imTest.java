package org.dl4j.snn.layers.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shifted, vectorisable col2im of {@link Im2colConvKernel#inputGradient} for "same"-size convolutions gives the
 * element-wise col2im's sums bit for bit (same terms, same tap order).
 */
class Im2colConvCol2imTest {
    @ParameterizedTest(name = "C {0}, T {1}, {2}x{3}, kernel {4}x{5}, padding {6},{7}")
    @CsvSource({
        "2, 3, 9, 7, 3, 3, 1, 1",
        "3, 2, 6, 8, 5, 5, 2, 2",
        "2, 2, 5, 5, 4, 4, 1, 1",
        "1, 4, 7, 9, 3, 1, 1, 0",
        "2, 1, 1, 3, 3, 3, 1, 1",
    })
    void shiftedCol2imEqualsElementWiseCol2im(int c, int steps, int h, int w, int kH, int kW, int padH, int padW) {
        int taps = c * kH * kW;
        int span = steps * h * w;
        float[] col = new float[taps * span];
        Random rng = new Random(c * 31L + kH);
        for (int i = 0; i < col.length; i++) col[i] = (float) rng.nextGaussian();

        float[] expected = new float[c * span];
        Im2colConvKernel.col2im(col.clone(), expected, 0, c, kH, kW, steps, h, w, h, w, padH, padW);
        float[] actual = new float[c * span];
        float[] scratch = col.clone();
        float[] shifted = new float[c * span];
        for (int ch = 0; ch < c; ch++) {
            for (int ky = 0; ky < kH; ky++) {
                for (int kx = 0; kx < kW; kx++) {
                    Im2colConvKernel.shiftAdd(scratch, (ch * kH + ky) * kW + kx, ky - padH, kx - padW, steps, h, w,
                            shifted, actual, ch * span);
                }
            }
        }
        for (int i = 0; i < actual.length; i++) {
            assertThat(Float.floatToRawIntBits(actual[i])).as("element %d: %s vs %s", i, actual[i], expected[i])
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
        assertThat(expected).as("not all zero").isNotEqualTo(new float[expected.length]);
    }
}
