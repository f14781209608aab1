package org.dl4j.snn.datasets.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reader for AEDAT 3.1 files (the cAER/libcaer packet format) as used by DVS128 Gesture (Amir et al. 2017).
 *
 * <p>Layout: ASCII header lines ending {@code "\r\n"}, from {@code "#!AER-DAT3.1"} to {@code "#!END-HEADER"};
 * then packets, little-endian, each a 28-byte header {@code int16 eventType, int16 eventSource,
 * int32 eventSize, int32 eventTSOffset, int32 eventTSOverflow, int32 eventCapacity, int32 eventNumber,
 * int32 eventValid} followed by {@code eventCapacity * eventSize} bytes of events. Only polarity packets
 * ({@code eventType == 1}) are decoded, the others are skipped by their size. A polarity event is
 * {@code uint32 data, int32 timestamp} with {@code t = eventTSOverflow << 31 | timestamp} (us),
 * {@code x = (data >> 17) & 0x7FFF}, {@code y = (data >> 2) & 0x7FFF}, {@code polarity = (data >> 1) & 1},
 * {@code valid = data & 1} (libcaer's 15-bit {@code POLARITY_X_ADDR_MASK}/{@code POLARITY_Y_ADDR_MASK}; any
 * address that needs more than 13 bits is outside every sensor anyway).
 *
 * <p>Invalid events ({@code valid == 0}) are skipped by default, as libcaer's valid-event iterators and the
 * format's definition of the valid mark require; SpikingJelly's {@code load_aedat_v3} ignores the mark, which
 * {@code new Aedat31Reader(w, h, false)} reproduces. Only the first {@code eventNumber} slots of a packet hold
 * events ({@code eventNumber <= eventCapacity}; cAER writes files with the two equal).
 *
 * <p>Checks: the file size against {@link FileLimits.Format#AEDAT3} (1 GiB), every packet header (sizes, counts,
 * a body inside the file), 31-bit event timestamps, addresses inside the sensor, and the {@link EventChecks} (time
 * order across packets, at most {@value #MAX_DURATION_S} s by default: a DVS128 Gesture recording lasts about a
 * minute), so a packet whose {@code eventTSOverflow} is corrupt does not silently move its events hours away.
 */
public final class Aedat31Reader implements EventFileReader {
    /** Bytes in a packet header. */
    public static final int PACKET_HEADER_BYTES = 28;
    /** {@code eventType} of polarity packets. */
    public static final int POLARITY_EVENT = 1;
    /** {@code eventSize} of a polarity event. */
    public static final int POLARITY_EVENT_BYTES = 8;
    /** {@code eventTSOffset} of a polarity event. */
    public static final int POLARITY_TS_OFFSET = 4;
    /** Default longest plausible recording, seconds. */
    public static final int MAX_DURATION_S = 7200;

    private final int width;
    private final int height;
    private final boolean skipInvalid;
    private final EventChecks checks;

    /** DVS128 Gesture: 128x128, invalid events skipped. */
    public Aedat31Reader() {
        this(128, 128, true);
    }

    /**
     * @param width       sensor width; events with {@code x >= width} are rejected
     * @param height      sensor height; events with {@code y >= height} are rejected
     * @param skipInvalid drop events whose valid mark (bit 0) is 0
     */
    public Aedat31Reader(int width, int height, boolean skipInvalid) {
        this(width, height, skipInvalid, EventChecks.defaults());
    }

    private Aedat31Reader(int width, int height, boolean skipInvalid, EventChecks checks) {
        if (width <= 0 || width > 0x8000 || height <= 0 || height > 0x8000) {
            throw new IllegalArgumentException("AEDAT 3.1 addresses are 15-bit, sensor size must be within "
                    + "1..32768 x 1..32768, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.skipInvalid = skipInvalid;
        if (checks == null) {
            throw new IllegalArgumentException("checks must not be null");
        }
        this.checks = checks;
    }

    @Override
    public Aedat31Reader withChecks(EventChecks checks) {
        return new Aedat31Reader(width, height, skipInvalid, checks);
    }

    @Override
    public EventChecks checks() {
        return checks;
    }

    @Override
    public Events read(Path file) throws IOException {
        return decode(FileLimits.readAll(file, FileLimits.Format.AEDAT3), file);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** Whether events with a cleared valid mark are dropped. */
    public boolean skipsInvalid() {
        return skipInvalid;
    }

    @Override
    public Events decode(byte[] bytes, Path source) throws EventFormatException {
        int pos = AedatHeader.dataOffset(bytes, source, "3.1", true);
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        EventBuffer out = new EventBuffer((bytes.length - pos) / POLARITY_EVENT_BYTES);
        long polarityIndex = 0;
        java.util.List<int[]> packets = new java.util.ArrayList<>();
        while (pos < bytes.length) {
            if (bytes.length - pos < PACKET_HEADER_BYTES) {
                throw EventFormatException.atByte(source, pos, "truncated AEDAT 3.1 packet header: "
                        + (bytes.length - pos) + " of " + PACKET_HEADER_BYTES + " bytes");
            }
            int type = bb.getShort(pos);
            int size = bb.getInt(pos + 4);
            int tsOffset = bb.getInt(pos + 8);
            int tsOverflow = bb.getInt(pos + 12);
            int capacity = bb.getInt(pos + 16);
            int number = bb.getInt(pos + 20);
            if (size <= 0 || capacity < 0 || number < 0 || number > capacity || tsOverflow < 0) {
                throw EventFormatException.atByte(source, pos, "malformed AEDAT 3.1 packet header: eventType="
                        + type + ", eventSize=" + size + ", eventTSOverflow=" + tsOverflow + ", eventCapacity="
                        + capacity + ", eventNumber=" + number);
            }
            long bodyBytes = (long) capacity * size;
            int body = pos + PACKET_HEADER_BYTES;
            if (bodyBytes > bytes.length - body) {
                throw EventFormatException.atByte(source, pos, "truncated AEDAT 3.1 packet: eventCapacity "
                        + capacity + " x eventSize " + size + " = " + bodyBytes + " bytes declared, "
                        + (bytes.length - body) + " left in the file");
            }
            if (type == POLARITY_EVENT) {
                if (size != POLARITY_EVENT_BYTES || tsOffset != POLARITY_TS_OFFSET) {
                    throw EventFormatException.atByte(source, pos, "polarity packet with eventSize=" + size
                            + ", eventTSOffset=" + tsOffset + "; the format defines " + POLARITY_EVENT_BYTES
                            + " and " + POLARITY_TS_OFFSET);
                }
                long overflow = (long) tsOverflow << 31;
                packets.add(new int[] {out.size(), body, number});
                for (int i = 0, off = body; i < number; i++, off += POLARITY_EVENT_BYTES, polarityIndex++) {
                    int data = bb.getInt(off);
                    if (skipInvalid && (data & 1) == 0) {
                        continue;
                    }
                    int x = (data >>> 17) & 0x7FFF;
                    int y = (data >>> 2) & 0x7FFF;
                    if (x >= width || y >= height) {
                        throw EventFormatException.outsideSensor(source, polarityIndex, off, x, y, width, height);
                    }
                    int ts = bb.getInt(off + 4);
                    if (ts < 0) {
                        throw EventFormatException.atByte(source, off + 4, "polarity event " + polarityIndex
                                + ": timestamp " + (ts & 0xFFFFFFFFL) + " has bit 31 set; the format's event "
                                + "timestamps are 31-bit, the higher bits are the packet's eventTSOverflow");
                    }
                    out.add(x, y, overflow | ts, (data >>> 1) & 1);
                }
            }
            pos = Math.toIntExact(body + bodyBytes);
        }
        if (out.size() == 0) {
            throw EventFormatException.inFile(source, "empty sample: no " + (skipInvalid ? "valid " : "")
                    + "polarity events in the AEDAT 3.1 file");
        }
        return checks.apply(out, width, height, source, -1, k -> offsetOfEvent(bytes, packets, k), true,
                MAX_DURATION_S * 1_000_000L);
    }

    /** The byte offset of decoded event {@code k}: its packet's {firstEvent, body, number}, then its slot. */
    private long offsetOfEvent(byte[] bytes, java.util.List<int[]> packets, int k) {
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = packets.size() - 1; i >= 0; i--) {
            int[] p = packets.get(i);
            if (p[0] <= k) {
                int seen = p[0];
                for (int j = 0, off = p[1]; j < p[2]; j++, off += POLARITY_EVENT_BYTES) {
                    if ((!skipInvalid || (bb.getInt(off) & 1) != 0) && seen++ == k) {
                        return off;
                    }
                }
                return -1;
            }
        }
        return -1;
    }
}
