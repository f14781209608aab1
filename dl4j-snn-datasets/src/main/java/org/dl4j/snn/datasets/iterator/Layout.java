package org.dl4j.snn.datasets.iterator;

import org.dl4j.snn.datasets.transform.Frames;

/**
 * How a sample's frames {@code [T, C, H, W]} are laid out in a network's feature array (fixed by the project).
 *
 * <p>{@link #CONV}: {@code [batch, C, T, H, W]}, DL4J's {@code convolutional3D(NCDHW)} with depth = T, for
 * spiking conv networks. {@link #DENSE}: {@code [batch, C*H*W, T]}, DL4J's recurrent layout (time last), features
 * flattened in {@code (c, h, w)} order; SHD/SSC frames {@code [T, 1, 1, channels]} become
 * {@code [batch, channels, T]}.
 */
public enum Layout {
    CONV {
        @Override
        public long[] shape(int batch, Frames f) {
            return new long[] {batch, f.channels(), f.steps(), f.height(), f.width()};
        }

        @Override
        public void write(Frames f, float[] dst, int b) {
            int t = f.steps();
            int c = f.channels();
            int hw = f.height() * f.width();
            int base = b * t * c * hw;
            float[] src = f.data();
            for (int ti = 0; ti < t; ti++) {
                for (int ci = 0; ci < c; ci++) {
                    System.arraycopy(src, (ti * c + ci) * hw, dst, base + (ci * t + ti) * hw, hw);
                }
            }
        }
    },
    DENSE {
        @Override
        public long[] shape(int batch, Frames f) {
            return new long[] {batch, f.frameSize(), f.steps()};
        }

        /**
         * A transpose ({@code [T, F]} to {@code [F, T]}) that reads the frames in order and writes only the non-zero
         * values: event frames are mostly zeros (N-MNIST in 1 ms bins: 0.5 % non-zero), and writing every value with
         * a stride of T floats missed the cache at each one (2.8 MB a sample at T = 300).
         */
        @Override
        public void write(Frames f, float[] dst, int b) {
            int t = f.steps();
            int n = f.frameSize();
            int base = b * t * n;
            float[] src = f.data();
            for (int ti = 0; ti < t; ti++) {
                int from = ti * n;
                for (int i = 0; i < n; i++) {
                    float v = src[from + i];
                    if (v != 0f) {
                        dst[base + i * t + ti] = v;
                    }
                }
            }
        }
    };

    /** The feature array shape of a batch of {@code batch} samples shaped like {@code f}. */
    public abstract long[] shape(int batch, Frames f);

    /**
     * Writes sample {@code f} as example {@code b} into a c-order buffer of {@link #shape} whose slots of example
     * {@code b} hold zeros (a new array): values that are zero (either sign) may be left unwritten.
     */
    public abstract void write(Frames f, float[] dst, int b);
}
