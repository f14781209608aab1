package org.dl4j.snn.serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dl4j.snn.neuron.NeuronConfig;

/**
 * The classes of the library's main code (the folder or jar that holds {@link NeuronConfig}), found by walking it,
 * so that a class added to any package, internal ones included, is seen without being listed.
 */
final class LibraryClasses {
    private LibraryClasses() {
    }

    /** Every class of the library, loaded without initialising it. */
    static List<Class<?>> all() throws IOException {
        Path root;
        try {
            root = Path.of(NeuronConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> classes = new ArrayList<>();
        if (Files.isDirectory(root)) {
            collect(root, classes);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(root)) {
                collect(jar.getPath("/"), classes);
            }
        }
        classes.sort(Comparator.comparing(Class::getName));
        return classes;
    }

    /** The concrete (instantiable) library classes that are one of {@code kinds}. */
    static List<Class<?>> concrete(List<Class<?>> kinds) throws IOException {
        return all().stream()
                .filter(c -> !c.isInterface() && !Modifier.isAbstract(c.getModifiers()) && !c.isAnonymousClass()
                        && !c.isLocalClass() && !c.isEnum() && !c.isRecord())
                .filter(c -> kinds.stream().anyMatch(k -> k.isAssignableFrom(c)))
                .toList();
    }

    private static void collect(Path root, List<Class<?>> out) throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("org/dl4j/snn"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
                if (name.endsWith("package-info") || name.endsWith("module-info")) {
                    continue;
                }
                try {
                    out.add(Class.forName(name, false, LibraryClasses.class.getClassLoader()));
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new UncheckedIOException(new IOException("cannot load " + name + ": " + e, e));
                }
            }
        }
    }
}
