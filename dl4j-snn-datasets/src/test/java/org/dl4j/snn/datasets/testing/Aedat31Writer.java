package org.dl4j.snn.datasets.testing;

import org.dl4j.snn.datasets.format.Aedat31Reader;
import org.dl4j.snn.datasets.format.Events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writer of AEDAT 3.1 files as cAER records DVS128 Gesture, the inverse of {@link Aedat31Reader}.
 *
 * <p>Layout: ASCII header from {@code "#!AER-DAT3.1"} to {@code "#!END-HEADER"} (lines ending {@code "\r\n"}),
 * then little-endian packets of a 28-byte header ({@code eventType, eventSource, eventSize, eventTSOffset,
 * eventTSOverflow, eventCapacity, eventNumber, eventValid}) and {@code eventCapacity * eventSize} bytes of
 * events; a polarity event is {@code uint32 x << 17 | y << 2 | p << 1 | valid} and {@code int32 t & 0x7FFFFFFF},
 * the packet's {@code eventTSOverflow} holding {@code t >> 31}. Packets are appended one by one, so tests can
 * mix in invalid events, packets of other event types and hand-made malformed headers.
 */
public final class Aedat31Writer {
    /** A cAER-style header for a DVS128 source. */
    public static final String HEADER = "#!AER-DAT3.1\r\n"
            + "#Format: RAW\r\n"
            + "#Source 1: DVS128\r\n"
            + "#Start-Time: 2017-01-01 00:00:00 (TZ+0000)\r\n"
            + "#!END-HEADER\r\n";
    /** {@code eventSource} written into every packet. */
    public static final int SOURCE_ID = 1;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a file with {@link #HEADER}. */
    public Aedat31Writer() {
        this(HEADER);
    }

    /** Starts a file with a custom header (for malformed-header tests). */
    public Aedat31Writer(String header) {
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    }

    /** Appends events {@code [from, to)} as one polarity packet, all valid. */
    public Aedat31Writer polarityPacket(Events ev, int from, int to) {
        return polarityPacket(ev, from, to, null);
    }

    /**
     * Appends events {@code [from, to)} as one polarity packet; {@code valid[i - from]} sets each event's valid
     * mark ({@code null} = all valid). All events must share {@code t >> 31}.
     */
    public Aedat31Writer polarityPacket(Events ev, int from, int to, boolean[] valid) {
        int n = to - from;
        long overflow = ev.t(from) >>> 31;
        ByteBuffer body = ByteBuffer.allocate(n * Aedat31Reader.POLARITY_EVENT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int validCount = 0;
        for (int i = from; i < to; i++) {
            if (ev.t(i) < 0 || ev.t(i) >>> 31 != overflow) {
                throw new IllegalArgumentException("event " + i + ": t=" + ev.t(i) + " us does not share the"
                        + " packet's eventTSOverflow " + overflow);
            }
            int v = valid == null || valid[i - from] ? 1 : 0;
            validCount += v;
            body.putInt((ev.x(i) << 17) | (ev.y(i) << 2) | (ev.p(i) << 1) | v);
            body.putInt((int) (ev.t(i) & 0x7FFFFFFFL));
        }
        return packet(Aedat31Reader.POLARITY_EVENT, Aedat31Reader.POLARITY_EVENT_BYTES,
                Aedat31Reader.POLARITY_TS_OFFSET, (int) overflow, n, n, validCount, body.array());
    }

    /**
     * Appends a packet of another event type (e.g. 0 special, 2 frame, 3 IMU6) with {@code count} events of
     * {@code eventSize} bytes filled with a fixed byte pattern; the reader must skip it by its size.
     */
    public Aedat31Writer otherPacket(int eventType, int eventSize, int count) {
        byte[] body = new byte[count * eventSize];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (0x5A ^ i);
        }
        return packet(eventType, eventSize, 4, 0, count, count, count, body);
    }

    /** Appends a packet with every header field given verbatim and {@code body} as its event bytes. */
    public Aedat31Writer packet(int eventType, int eventSize, int eventTsOffset, int eventTsOverflow,
                                int eventCapacity, int eventNumber, int eventValid, byte[] body) {
        ByteBuffer h = ByteBuffer.allocate(Aedat31Reader.PACKET_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort((short) eventType).putShort((short) SOURCE_ID).putInt(eventSize).putInt(eventTsOffset)
                .putInt(eventTsOverflow).putInt(eventCapacity).putInt(eventNumber).putInt(eventValid);
        out.writeBytes(h.array());
        out.writeBytes(body);
        return this;
    }

    /** The file's bytes so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    /** Encodes a time-ordered recording in packets of at most {@code eventsPerPacket} valid events. */
    public static byte[] encode(Events ev, int eventsPerPacket) {
        Aedat31Writer w = new Aedat31Writer();
        int from = 0;
        while (from < ev.size()) {
            long overflow = ev.t(from) >>> 31;
            int to = from + 1;
            while (to < ev.size() && to - from < eventsPerPacket && ev.t(to) >>> 31 == overflow) {
                to++;
            }
            w.polarityPacket(ev, from, to);
            from = to;
        }
        return w.toByteArray();
    }

    /** Writes {@link #encode(Events, int)} to {@code file}. */
    public static void write(Path file, Events ev, int eventsPerPacket) throws IOException {
        Files.write(file, encode(ev, eventsPerPacket));
    }
}
