package org.dl4j.snn.datasets.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the sample files of a dataset stored as one folder per class (N-MNIST, N-Caltech101).
 *
 * <p>Layout: {@code <dir>/<class>/<sample><suffix>}, e.g. N-MNIST's {@code Train/3/00012.bin}; the label of a
 * file is the index of its class folder in the given class list (for N-MNIST the list {@code "0".."9"}, so
 * label = digit). Files are returned class by class, each class sorted by file name, so the order is
 * reproducible across file systems.
 */
public final class ClassFolders {
    /** A sample file and its label. */
    public record LabelledFile(Path file, int label) {
    }

    private ClassFolders() {
    }

    /** The names of the sub-folders of {@code dir}, sorted (the usual class order of folder datasets). */
    public static List<String> subfolders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The files ending in {@code suffix} in each class folder of {@code dir}.
     *
     * @param classes the class folder names; the label of a file is its folder's index here
     * @throws java.nio.file.NoSuchFileException if a class folder is missing
     */
    public static List<LabelledFile> list(Path dir, List<String> classes, String suffix) throws IOException {
        List<LabelledFile> out = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = dir.resolve(classes.get(label));
            List<Path> files;
            try (Stream<Path> s = Files.list(classDir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
                        .sorted().toList();
            }
            for (Path f : files) {
                out.add(new LabelledFile(f, label));
            }
        }
        return out;
    }

    /** The N-MNIST class list {@code "0".."9"}. */
    public static List<String> digits() {
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }
}
