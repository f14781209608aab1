package org.dl4j.snn.datasets.format;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset file that does not follow its published layout: truncated, wrong header, value out of range.
 *
 * <p>The message always reads {@code "<file>: <where>: <what>"}, where {@code <where>} is
 * {@code "byte offset N"} for binary formats, {@code "line N"} for text formats, {@code "sample N"} for files that
 * hold many samples (SHD / SSC), or absent when the problem concerns the file as a whole; the same facts are
 * available from {@link #file()}, {@link #byteOffset()}, {@link #line()} and {@link #sample()} so callers can report
 * or skip the sample without parsing the message. A wrapper that adds context keeps this exception as its cause and
 * its message in its own (see {@code DatasetFolders.unreadable}).
 */
public class EventFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long byteOffset;
    private final long line;
    private final long sample;

    protected EventFormatException(Path file, long byteOffset, long line, long sample, String message,
                                   Throwable cause) {
        super(message, cause);
        this.file = file;
        this.byteOffset = byteOffset;
        this.line = line;
        this.sample = sample;
    }

    private EventFormatException(Path file, long byteOffset, long line, String message, Throwable cause) {
        this(file, byteOffset, line, -1, message, cause);
    }

    /** A problem at byte {@code offset} (0-based) of a binary file. */
    public static EventFormatException atByte(Path file, long offset, String what) {
        return new EventFormatException(file, offset, -1, file + ": byte offset " + offset + ": " + what, null);
    }

    /** A problem on line {@code line} (1-based) of a text file. */
    public static EventFormatException atLine(Path file, long line, String what) {
        return new EventFormatException(file, -1, line, file + ": line " + line + ": " + what, null);
    }

    /** A problem in sample {@code sample} (0-based) of a file that holds many samples (SHD / SSC). */
    public static EventFormatException inSample(Path file, long sample, String what) {
        return new EventFormatException(file, -1, -1, sample, file + ": sample " + sample + ": " + what, null);
    }

    /** A problem with the file as a whole (missing dataset, empty sample, ...). */
    public static EventFormatException inFile(Path file, String what) {
        return new EventFormatException(file, -1, -1, file + ": " + what, null);
    }

    /** Like {@link #inFile(Path, String)}, keeping the library exception that revealed the problem. */
    public static EventFormatException inFile(Path file, String what, Throwable cause) {
        return new EventFormatException(file, -1, -1, file + ": " + what, cause);
    }

    /** The standard message for an event whose address lies outside the {@code width x height} sensor. */
    static EventFormatException outsideSensor(Path file, long eventIndex, long byteOffset, int x, int y,
                                              int width, int height) {
        return atByte(file, byteOffset, "event " + eventIndex + " at x=" + x + ", y=" + y
                + " lies outside the " + width + "x" + height + " sensor");
    }

    /**
     * The standard message for a record file whose data length is not a multiple of the record size; the offset
     * is that of the incomplete last record.
     *
     * @param start  offset of the first record (header length, 0 for headerless formats)
     * @param length file length in bytes
     */
    static EventFormatException truncatedRecord(Path file, String format, int start, int length, int recordBytes) {
        int data = length - start;
        int tail = data % recordBytes;
        return atByte(file, length - tail, "truncated " + format + " file: " + data + " bytes"
                + (start > 0 ? " after the header (which ends at byte " + start + ")" : "")
                + " is not a multiple of the " + recordBytes + "-byte record; the last record has only " + tail
                + " byte(s)");
    }

    /** The file the problem was found in (may be a placeholder such as {@code <memory>} for decoded bytes). */
    public Path file() {
        return file;
    }

    /** 0-based byte offset of the problem, or -1 when it is not located at a byte. */
    public long byteOffset() {
        return byteOffset;
    }

    /** 1-based line number of the problem, or -1 when it is not located on a line. */
    public long line() {
        return line;
    }

    /** 0-based sample index of the problem in a file of many samples, or -1. */
    public long sample() {
        return sample;
    }
}
