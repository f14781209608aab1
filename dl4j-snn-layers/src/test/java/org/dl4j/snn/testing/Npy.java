package org.dl4j.snn.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reader for numpy {@code .npy} files (format 1.0/2.0, little-endian float32/float64/int32/int64, C order),
 * as written by the golden-fixture generator.
 */
public final class Npy {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Shape and values (widened to double) of one array. */
    public record Array(long[] shape, double[] data) {
        public int length() { return data.length; }
        public float[] toFloats() {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
            return f;
        }
        @Override public String toString() { return "Npy.Array" + Arrays.toString(shape); }
    }

    private Npy() {}

    public static Array read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 10 || bytes[0] != (byte) 0x93 || bytes[1] != 'N' || bytes[2] != 'U' || bytes[3] != 'M'
                || bytes[4] != 'P' || bytes[5] != 'Y') {
            throw new IOException(file + ": not a .npy file (magic \\x93NUMPY missing)");
        }
        int major = bytes[6];
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else {
            headerLen = bb.getInt(8);
            headerStart = 12;
        }
        String header = new String(bytes, headerStart, headerLen, StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, file);
        if ("True".equals(find(ORDER, header, file))) {
            throw new IOException(file + ": fortran_order arrays are not supported");
        }
        String shapeText = find(SHAPE, header, file).trim();
        long[] shape = shapeText.isEmpty() ? new long[0]
                : Arrays.stream(shapeText.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .mapToLong(Long::parseLong).toArray();
        long n = 1;
        for (long d : shape) n *= d;
        bb.position(headerStart + headerLen);
        double[] data = new double[(int) n];
        switch (descr) {
            case "<f4" -> { for (int i = 0; i < n; i++) data[i] = bb.getFloat(); }
            case "<f8" -> { for (int i = 0; i < n; i++) data[i] = bb.getDouble(); }
            case "<i4" -> { for (int i = 0; i < n; i++) data[i] = bb.getInt(); }
            case "<i8" -> { for (int i = 0; i < n; i++) data[i] = bb.getLong(); }
            default -> throw new IOException(file + ": unsupported dtype " + descr);
        }
        return new Array(shape, data);
    }

    private static String find(Pattern p, String header, Path file) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new IOException(file + ": npy header lacks " + p.pattern() + ": " + header);
        return m.group(1);
    }
}
