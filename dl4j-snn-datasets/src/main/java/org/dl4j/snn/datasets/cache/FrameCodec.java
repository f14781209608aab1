package org.dl4j.snn.datasets.cache;

import org.dl4j.snn.datasets.transform.Frames;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Compact binary form of {@link Frames}, used by the memory and disk caches.
 *
 * <p>Layout (little-endian): {@code int32 T, C, H, W}, {@code uint8 storage}, then {@code T*C*H*W} values in
 * {@code [T, C, H, W]} order as uint8 (storage 0), uint16 (storage 1) or float32 (storage 2). Event-count frames
 * are small non-negative integers, so they usually take one byte per value: N-MNIST at T = 10 is 23 KB instead of
 * 92 KB.
 */
public final class FrameCodec {
    private static final int HEADER = 4 * 4 + 1;
    private static final byte U8 = 0;
    private static final byte U16 = 1;
    private static final byte F32 = 2;

    private FrameCodec() {
    }

    public static byte[] encode(Frames f) {
        float[] d = f.data();
        float max = 0;
        boolean integral = true;
        for (float v : d) {
            if (v < 0 || v != (int) v) {
                integral = false;
                break;
            }
            max = Math.max(max, v);
        }
        byte storage = !integral ? F32 : max <= 0xFF ? U8 : max <= 0xFFFF ? U16 : F32;
        int width = storage == U8 ? 1 : storage == U16 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(HEADER + d.length * width).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(f.steps()).putInt(f.channels()).putInt(f.height()).putInt(f.width()).put(storage);
        for (float v : d) {
            switch (storage) {
                case U8 -> b.put((byte) (int) v);
                case U16 -> b.putShort((short) (int) v);
                default -> b.putFloat(v);
            }
        }
        return b.array();
    }

    /** Decodes {@link #encode}'s output; throws {@link IllegalArgumentException} when it is not well formed. */
    public static Frames decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    }

    static Frames decode(ByteBuffer b) {
        if (b.remaining() < HEADER) {
            throw new IllegalArgumentException("frame record too short: " + b.remaining() + " bytes");
        }
        int t = b.getInt();
        int c = b.getInt();
        int h = b.getInt();
        int w = b.getInt();
        byte storage = b.get();
        if (t <= 0 || c <= 0 || h <= 0 || w <= 0 || storage < U8 || storage > F32) {
            throw new IllegalArgumentException("bad frame record header [T=" + t + ", C=" + c + ", H=" + h + ", W="
                    + w + ", storage=" + storage + "]");
        }
        long n = (long) t * c * h * w;
        int width = storage == U8 ? 1 : storage == U16 ? 2 : 4;
        if (b.remaining() != n * width) {
            throw new IllegalArgumentException("frame record holds " + b.remaining() + " data bytes, expected "
                    + n * width);
        }
        float[] d = new float[(int) n];
        for (int i = 0; i < d.length; i++) {
            d[i] = switch (storage) {
                case U8 -> b.get() & 0xFF;
                case U16 -> b.getShort() & 0xFFFF;
                default -> b.getFloat();
            };
        }
        return new Frames(t, c, h, w, d);
    }
}
