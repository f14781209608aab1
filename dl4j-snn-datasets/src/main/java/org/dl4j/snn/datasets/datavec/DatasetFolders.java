package org.dl4j.snn.datasets.datavec;

import org.dl4j.snn.datasets.format.EventFormatException;
import org.dl4j.snn.datasets.format.IoErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * File discovery shared by the dataset facades: checked folder and file lookup, and class folders.
 *
 * <p>A class folder is a sub-folder whose name is the class; classes are numbered in sorted name order (as
 * DataVec's {@code ParentPathLabelGenerator} + sorted labels, torchvision's {@code DatasetFolder}, tonic).
 */
public final class DatasetFolders {
    /** Entries named per kind in the report of entries not read. */
    static final int NAMED = 5;
    private static final Logger log = LoggerFactory.getLogger(DatasetFolders.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private DatasetFolders() {
    }

    /** Files of one class, sorted by name. */
    public record ClassFiles(String name, List<Path> files) {
    }

    /**
     * The unchecked form of a file that could not be read while a dataset was opened: the message is
     * {@code "<dataset>: <what the cause says>"} (with "permission denied" and the like spelled out, see
     * {@link IoErrors#describe}), and the cause, typically an {@link EventFormatException} naming the file and the
     * byte offset, line or sample, is kept.
     */
    public static UncheckedIOException unreadable(String dataset, IOException cause) {
        return new UncheckedIOException(dataset + ": " + IoErrors.describe(cause), cause);
    }

    /** {@code path} if it is a directory, else a {@link DatasetNotFoundException} explaining the layout. */
    public static Path requireDir(String dataset, Path path, String layout) {
        if (!Files.isDirectory(path)) {
            throw new DatasetNotFoundException(dataset, path, Files.exists(path) ? "it is not a folder"
                    : dangling(path) ? "it is a symbolic link to " + target(path) + ", which does not exist"
                    : "it does not exist", layout);
        }
        return path;
    }

    /** {@code path} if it is a regular file, else a {@link DatasetNotFoundException} explaining the layout. */
    public static Path requireFile(String dataset, Path path, String layout) {
        if (!Files.isRegularFile(path)) {
            throw new DatasetNotFoundException(dataset, path, Files.isDirectory(path) ? "it is a folder, not a file"
                    : dangling(path) ? "it is a symbolic link to " + target(path) + ", which does not exist"
                    : Files.exists(path) ? "it is not a regular file" : "the file does not exist", layout);
        }
        if (!Files.isReadable(path)) {
            throw new DatasetNotFoundException(dataset, path, "the file cannot be read (permission denied)", layout);
        }
        return path;
    }

    /**
     * The sub-folders of {@code dir} (sorted by name) with their files ending in {@code extension} (sorted by
     * {@code order}); a folder without such files is an error, as is a folder without class folders.
     *
     * <p>Hidden entries (names starting with {@code '.'}, such as macOS's {@code ._00001.bin} and {@code .DS_Store},
     * and the {@code __MACOSX} folder of zip archives) are never read as samples or classes; they, files with
     * another extension, sub-folders of class folders and symbolic links that point nowhere are logged in one
     * warning per folder, counted and named (see {@link Listing#notRead()}).
     */
    public static List<ClassFiles> classFolders(String dataset, Path dir, String extension, Comparator<Path> order,
                                                String layout) {
        Listing listing = list(dataset, dir, extension, order, layout);
        if (!listing.notRead().isEmpty() && WARNED.add(dir.toAbsolutePath().normalize() + "|" + listing.notRead())) {
            log.warn("{}: {}", dataset, listing.notRead());
        }
        return listing.classes();
    }

    /**
     * The class folders of {@code dir} and what was left out.
     *
     * @param classes the class folders with their sample files
     * @param notRead "" when every entry is a sample, else one sentence counting and naming (up to
     *                {@value #NAMED} per kind) the entries that are not read
     */
    public record Listing(List<ClassFiles> classes, String notRead) {
    }

    /** {@link #classFolders} without the warning: the classes and the report of entries not read. */
    public static Listing list(String dataset, Path dir, String extension, Comparator<Path> order, String layout) {
        requireDir(dataset, dir, layout);
        List<ClassFiles> out = new ArrayList<>();
        Map<String, List<String>> skipped = new LinkedHashMap<>();
        List<Path> subs;
        try (Stream<Path> entries = Files.list(dir)) {
            subs = entries.sorted().toList();
        } catch (IOException e) {
            throw unreadable(dataset, e);
        }
        for (Path sub : subs) {
            String name = sub.getFileName().toString();
            if (!Files.isDirectory(sub)) {
                if (Files.isSymbolicLink(sub) && !Files.exists(sub)) {
                    note(skipped, "dangling symbolic link(s)", dir, sub);
                }
                continue; // files beside the class folders (README, archives) are not samples
            }
            if (hidden(name)) {
                note(skipped, "hidden folder(s)", dir, sub);
                continue;
            }
            List<Path> files = new ArrayList<>();
            try (Stream<Path> fs = Files.list(sub)) {
                for (Path f : fs.sorted().toList()) {
                    String fn = f.getFileName().toString();
                    if (hidden(fn)) {
                        note(skipped, "hidden file(s)", dir, f);
                    } else if (Files.isSymbolicLink(f) && !Files.exists(f)) {
                        note(skipped, "dangling symbolic link(s)", dir, f);
                    } else if (Files.isDirectory(f)) {
                        note(skipped, "folder(s) inside class folders", dir, f);
                    } else if (!fn.endsWith(extension)) {
                        note(skipped, "file(s) not ending in " + extension, dir, f);
                    } else if (!Files.isRegularFile(f)) {
                        note(skipped, "special file(s)", dir, f);
                    } else {
                        files.add(f);
                    }
                }
            } catch (IOException e) {
                throw unreadable(dataset, e);
            }
            files.sort(order);
            if (files.isEmpty()) {
                throw new DatasetNotFoundException(dataset, sub, "found no *" + extension + " file in class "
                        + "folder '" + sub.getFileName() + "'", layout);
            }
            out.add(new ClassFiles(name, List.copyOf(files)));
        }
        if (out.isEmpty()) {
            throw new DatasetNotFoundException(dataset, dir, "found no class folder in it", layout);
        }
        StringBuilder report = new StringBuilder();
        if (!skipped.isEmpty()) {
            report.append("not read as samples in ").append(dir.toAbsolutePath().normalize()).append(": ");
            int k = 0;
            for (Map.Entry<String, List<String>> e : skipped.entrySet()) {
                List<String> names = e.getValue();
                report.append(k++ > 0 ? "; " : "").append(names.size()).append(' ').append(e.getKey()).append(" (")
                        .append(String.join(", ", names.subList(0, Math.min(NAMED, names.size()))))
                        .append(names.size() > NAMED ? ", ..." : "").append(')');
            }
        }
        return new Listing(out, report.toString());
    }

    private static boolean dangling(Path p) {
        return Files.isSymbolicLink(p) && !Files.exists(p);
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    /** Names starting with '.' (Unix hidden, macOS {@code ._*} resource forks) and zip's {@code __MACOSX}. */
    static boolean hidden(String name) {
        return name.startsWith(".") || name.equals("__MACOSX");
    }

    private static void note(Map<String, List<String>> skipped, String kind, Path dir, Path entry) {
        String rel = dir.relativize(entry).toString();
        if (Files.isSymbolicLink(entry)) {
            try {
                rel += " -> " + Files.readSymbolicLink(entry);
            } catch (IOException | UnsupportedOperationException e) {
                // the name alone
            }
        }
        skipped.computeIfAbsent(kind, k -> new ArrayList<>()).add(rel);
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
