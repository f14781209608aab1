package org.dl4j.snn.datasets.format;

/**
 * The images and labels of one CIFAR-10 binary batch file ({@code data_batch_N.bin}, {@code test_batch.bin}).
 *
 * <p>{@code pixels} holds the images without their label bytes, each as 3 planes (red, green, blue) of 32 rows
 * of 32 unsigned bytes, so pixel {@code (i, c, r, x)} is {@code pixels[((i * 3 + c) * 32 + r) * 32 + x] & 0xFF}.
 *
 * @param labels one class 0..9 per image
 * @param pixels {@code labels.length * 3072} unsigned bytes
 */
public record Cifar10Batch(int[] labels, byte[] pixels) {
    public Cifar10Batch {
        if ((long) labels.length * Cifar10BinReader.IMAGE_BYTES != pixels.length) {
            throw new IllegalArgumentException(labels.length + " images need " + (long) labels.length
                    * Cifar10BinReader.IMAGE_BYTES + " pixel bytes, got " + pixels.length);
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Channel {@code channel} (0 red, 1 green, 2 blue) of pixel {@code (row, col)} of image {@code image}. */
    public int pixel(int image, int channel, int row, int col) {
        int side = Cifar10BinReader.SIDE;
        return pixels[((image * Cifar10BinReader.CHANNELS + channel) * side + row) * side + col] & 0xFF;
    }
}
