package org.dl4j.snn.datasets.format;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Locates the binary data after the ASCII header of an AEDAT 2.0 or 3.x file.
 *
 * <p>Both versions start with a version line {@code "#!AER-DAT<version>"} followed by comment lines that begin
 * with {@code '#'} and end with {@code "\r\n"} (a bare {@code "\n"} is accepted too). AEDAT 3.x closes the
 * header with the line {@code "#!END-HEADER"}; AEDAT 2.0 has no terminator, its data starts at the first line
 * that does not begin with {@code '#'}.
 */
final class AedatHeader {
    static final String MAGIC = "#!AER-DAT";
    static final String END_HEADER = "#!END-HEADER";
    private static final int SHOWN_CHARS = 40;

    private AedatHeader() {
    }

    /**
     * Checks the version line and returns the offset of the first data byte.
     *
     * @param version     the expected version, e.g. {@code "2.0"} or {@code "3.1"}
     * @param endRequired whether the header must be closed by {@code #!END-HEADER} (AEDAT 3.x)
     */
    static int dataOffset(byte[] b, Path source, String version, boolean endRequired) throws EventFormatException {
        String first = lineAt(b, 0);
        if (!first.startsWith(MAGIC)) {
            throw EventFormatException.atByte(source, 0, "not an AEDAT file: expected first line '" + MAGIC
                    + version + "', found '" + shown(first) + "'");
        }
        if (!first.equals(MAGIC + version)) {
            throw EventFormatException.atByte(source, 0, "unsupported AEDAT version: expected '" + MAGIC + version
                    + "', found '" + shown(first) + "'");
        }
        int pos = nextLine(b, 0);
        while (pos < b.length && b[pos] == '#') {
            String line = lineAt(b, pos);
            pos = nextLine(b, pos);
            if (endRequired && line.equals(END_HEADER)) {
                return pos;
            }
        }
        if (endRequired) {
            throw EventFormatException.atByte(source, pos, "AEDAT " + version + " header is not closed by '"
                    + END_HEADER + "' before " + (pos < b.length ? "a line that does not start with '#'"
                    : "the end of the file"));
        }
        return pos;
    }

    /** Offset just after the '\n' ending the line that starts at {@code pos} (or the file length). */
    private static int nextLine(byte[] b, int pos) {
        int i = pos;
        while (i < b.length && b[i] != '\n') {
            i++;
        }
        return Math.min(i + 1, b.length);
    }

    /** The line starting at {@code pos} without its "\r\n" / "\n", decoded as ASCII. */
    private static String lineAt(byte[] b, int pos) {
        int end = pos;
        while (end < b.length && b[end] != '\n') {
            end++;
        }
        if (end > pos && b[end - 1] == '\r') {
            end--;
        }
        return new String(b, pos, end - pos, StandardCharsets.ISO_8859_1);
    }

    private static String shown(String line) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(line.length(), SHOWN_CHARS); i++) {
            char c = line.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return line.length() > SHOWN_CHARS ? sb + "..." : sb.toString();
    }
}
