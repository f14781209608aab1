package org.dl4j.snn.examples.train;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes that readers never see half done: the content goes to a temporary file in the target's
 * folder, is forced to disk, and is then renamed over the target ({@link StandardCopyOption#ATOMIC_MOVE}), so the
 * target holds either its old or its new content, also when the process is killed in between.
 */
public final class AtomicFiles {
    /** Writes the content of a file that does not exist yet. */
    @FunctionalInterface
    public interface Writer {
        void write(Path file) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Lets {@code writer} fill a temporary file next to {@code target}, then moves it onto {@code target}
     * (parent folders are created; a temporary file left by a failed write is deleted).
     */
    public static Path write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            writer.write(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether {@code file} is a temporary file of {@link #write} (left behind when the process was killed). */
    public static boolean isLeftover(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().matches("\\..+\\.-?[0-9]+\\.tmp");
    }

    /** {@link #write} of a UTF-8 text. */
    public static Path writeString(Path target, String text) throws IOException {
        return write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }
}
