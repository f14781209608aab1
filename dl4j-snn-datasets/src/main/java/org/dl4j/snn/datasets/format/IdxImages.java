package org.dl4j.snn.datasets.format;

/**
 * A stack of unsigned-byte images read from an idx3 file (MNIST, Fashion-MNIST).
 *
 * <p>{@code pixels} is the file's payload unchanged: image-major, then row, then column, so pixel
 * {@code (i, r, c)} is {@code pixels[(i * rows + r) * cols + c] & 0xFF}, 0..255.
 *
 * @param count  number of images
 * @param rows   image height
 * @param cols   image width
 * @param pixels {@code count * rows * cols} unsigned bytes
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {
    public IdxImages {
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(count + " images of " + rows + "x" + cols + " need "
                    + (long) count * rows * cols + " pixels, got " + pixels.length);
        }
    }

    /** Pixel {@code (row, col)} of image {@code image}, 0..255. */
    public int pixel(int image, int row, int col) {
        return pixels[(image * rows + row) * cols + col] & 0xFF;
    }
}
