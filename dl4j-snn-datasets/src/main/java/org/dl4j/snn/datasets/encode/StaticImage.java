package org.dl4j.snn.datasets.encode;

/**
 * One static image (MNIST, Fashion-MNIST, CIFAR-10) as intensities in [0, 1], row-major {@code [C, H, W]}.
 *
 * <p>Element {@code (c, h, w)} is {@code data[(c*H + h)*W + w]}; 8-bit pixels map to {@code v / 255}.
 */
public record StaticImage(int channels, int height, int width, float[] data) {

    public StaticImage {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive, got [C=" + channels + ", H="
                    + height + ", W=" + width + "]");
        }
        if (data == null || data.length != channels * height * width) {
            throw new IllegalArgumentException("image data length " + (data == null ? "null" : data.length)
                    + " does not match [C=" + channels + ", H=" + height + ", W=" + width + "]");
        }
    }

    /** An image from unsigned 8-bit pixels {@code [C, H, W]} starting at {@code offset}, scaled by 1/255. */
    public static StaticImage fromUnsignedBytes(int channels, int height, int width, byte[] pixels, int offset) {
        float[] d = new float[channels * height * width];
        for (int i = 0; i < d.length; i++) {
            d[i] = (pixels[offset + i] & 0xFF) / 255f;
        }
        return new StaticImage(channels, height, width, d);
    }

    public int size() {
        return data.length;
    }
}
