package org.dl4j.snn.datasets.datavec;

import org.dl4j.snn.datasets.cache.SourceId;
import org.dl4j.snn.datasets.encode.StaticImage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Static images held in memory as unsigned bytes {@code [N, C, H, W]} with their labels (MNIST / Fashion-MNIST
 * idx files, CIFAR-10 binary batches); sample {@code i} is image {@code i} scaled to [0, 1].
 *
 * <p>The images may come from several files (CIFAR-10's five training batches): {@code counts[f]} images from
 * {@code files[f]}, in order, which is what {@link #describe} and {@link #sourceId} report.
 */
public final class ImageArraySource implements SampleSource<StaticImage> {
    private final List<Path> files;
    private final int[] firstOfFile;
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;

    public ImageArraySource(List<Path> files, int[] counts, byte[] pixels, int[] labels, int channels, int height,
                            int width, List<String> classNames) {
        if (files.size() != counts.length) {
            throw new IllegalArgumentException(files.size() + " files but " + counts.length + " counts");
        }
        this.firstOfFile = new int[counts.length + 1];
        for (int f = 0; f < counts.length; f++) {
            firstOfFile[f + 1] = firstOfFile[f] + counts[f];
        }
        int n = firstOfFile[counts.length];
        if (labels.length != n || (long) n * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("images and labels disagree: " + n + " images in the files, "
                    + labels.length + " labels, " + pixels.length + " pixel bytes for [" + channels + ", " + height
                    + ", " + width + "] images");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("image " + i + " has label " + labels[i] + ", outside the "
                        + classNames.size() + " classes");
            }
        }
        this.files = List.copyOf(files);
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = List.copyOf(classNames);
    }

    private int fileOf(int i) {
        int f = 0;
        while (i >= firstOfFile[f + 1]) {
            f++;
        }
        return f;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public String describe(int i) {
        int f = fileOf(i);
        return files.get(f) + " image " + (i - firstOfFile[f]);
    }

    @Override
    public SourceId sourceId(int i) throws IOException {
        int f = fileOf(i);
        return SourceId.of(files.get(f), "image " + (i - firstOfFile[f]));
    }

    @Override
    public StaticImage load(int i) {
        return StaticImage.fromUnsignedBytes(channels, height, width, pixels, i * channels * height * width);
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }
}
