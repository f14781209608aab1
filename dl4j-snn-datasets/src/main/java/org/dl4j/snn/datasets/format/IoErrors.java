package org.dl4j.snn.datasets.format;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Readable one-line descriptions of exceptions, for messages that wrap them.
 *
 * <p>The JDK's file exceptions carry only the path ({@code AccessDeniedException: /data/x.bin}); {@link #describe}
 * adds what happened ({@code /data/x.bin: permission denied}). Other exceptions give their message, or their class
 * name when they have none.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** What {@code e} says, with the reason of a file-system exception spelled out. */
    public static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null
                && (u.getMessage() == null || u.getMessage().equals(u.getCause().toString()))) {
            return describe(u.getCause());
        }
        if (e instanceof FileSystemException f) {
            String what = f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof NoSuchFileException ? "no such file or folder"
                    : f instanceof NotDirectoryException ? "not a folder"
                    : f instanceof FileSystemLoopException ? "a loop of symbolic links"
                    : f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
            String where = f.getFile() == null ? "" : f.getFile()
                    + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
            String reason = f.getReason() != null && !what.equals(f.getReason()) ? " (" + f.getReason() + ")" : "";
            return where.isEmpty() ? what + reason : where + ": " + what + reason;
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e instanceof java.io.EOFException ? "unexpected end of file" : e.getClass().getSimpleName();
        }
        return m;
    }
}
