package org.dl4j.snn.datasets.datavec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * File discovery shared by the dataset facades: checked folder and file lookup, and class folders.
 *
 * <p>A class folder is a sub-folder whose name is the class; classes are numbered in sorted name order (as
 * DataVec's {@code ParentPathLabelGenerator} + sorted labels, torchvision's {@code DatasetFolder}, tonic).
 */
public final class DatasetFolders {
    private DatasetFolders() {
    }

    /** Files of one class, sorted by name. */
    public record ClassFiles(String name, List<Path> files) {
    }

    /** {@code path} if it is a directory, else a {@link DatasetNotFoundException} explaining the layout. */
    public static Path requireDir(String dataset, Path path, String layout) {
        if (!Files.isDirectory(path)) {
            throw new DatasetNotFoundException(dataset, path, Files.exists(path) ? "it is not a folder"
                    : "it does not exist", layout);
        }
        return path;
    }

    /** {@code path} if it is a regular file, else a {@link DatasetNotFoundException} explaining the layout. */
    public static Path requireFile(String dataset, Path path, String layout) {
        if (!Files.isRegularFile(path)) {
            throw new DatasetNotFoundException(dataset, path, "the file does not exist", layout);
        }
        return path;
    }

    /**
     * The sub-folders of {@code dir} (sorted by name) with their files ending in {@code extension} (sorted by
     * {@code order}); a folder without such files is an error, as is a folder without class folders.
     */
    public static List<ClassFiles> classFolders(String dataset, Path dir, String extension, Comparator<Path> order,
                                                String layout) {
        requireDir(dataset, dir, layout);
        List<ClassFiles> out = new ArrayList<>();
        try (Stream<Path> subs = Files.list(dir)) {
            for (Path sub : subs.filter(Files::isDirectory).sorted().toList()) {
                List<Path> files;
                try (Stream<Path> fs = Files.list(sub)) {
                    files = fs.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(extension))
                            .sorted(order).toList();
                }
                if (files.isEmpty()) {
                    throw new DatasetNotFoundException(dataset, sub, "found no *" + extension + " file in class "
                            + "folder '" + sub.getFileName() + "'", layout);
                }
                out.add(new ClassFiles(sub.getFileName().toString(), files));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (out.isEmpty()) {
            throw new DatasetNotFoundException(dataset, dir, "found no class folder in it", layout);
        }
        return out;
    }

    /** Natural file-name order that compares embedded numbers numerically ({@code x_2} before {@code x_10}). */
    public static Comparator<Path> numericOrder() {
        return (a, b) -> compareNatural(a.getFileName().toString(), b.getFileName().toString());
    }

    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** All files of all classes, labels = class index. */
    public static FileSampleSourceParts all(List<ClassFiles> classes) {
        return collect(classes, (c, files) -> files);
    }

    /** The files of class {@code c} that a selection keeps. */
    public interface PerClass {
        List<Path> files(int c, List<Path> classFiles);
    }

    /** The files {@code pick} keeps from each class, class by class, labels = class index. */
    public static FileSampleSourceParts collect(List<ClassFiles> classes, PerClass pick) {
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (Path p : pick.files(c, classes.get(c).files())) {
                files.add(p);
                labels.add(c);
            }
        }
        return new FileSampleSourceParts(files, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Class names in label order. */
    public static List<String> names(List<ClassFiles> classes) {
        return classes.stream().map(ClassFiles::name).toList();
    }

    /** Files with their labels. */
    public record FileSampleSourceParts(List<Path> files, int[] labels) {
    }
}
