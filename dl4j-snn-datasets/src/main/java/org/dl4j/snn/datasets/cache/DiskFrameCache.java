package org.dl4j.snn.datasets.cache;

import org.dl4j.snn.datasets.transform.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * On-disk cache of integrated frames, one file per (pipeline settings, source file identity) key.
 *
 * <p>File {@code <dir>/<sha256(key)>.frames}: magic {@code "SNNFRM01"}, {@code int32} key length, the key in
 * UTF-8, then the {@link FrameCodec} record. The key is {@link #key}: the pipeline's {@code key()} (every transform
 * and integration setting) and the {@link SourceId} (path, size, mtime, part), so a changed transform or a changed
 * file maps to another entry and stale frames are never served; the stored key is compared on every read to rule
 * out hash collisions. Writes go to a temporary file first and are moved into place, so concurrent readers never
 * see half a file; an unreadable entry is deleted and recomputed.
 */
public final class DiskFrameCache {
    private static final Logger log = LoggerFactory.getLogger(DiskFrameCache.class);
    private static final byte[] MAGIC = "SNNFRM01".getBytes(StandardCharsets.US_ASCII);
    /** Version of the key scheme and file layout; bump it to invalidate every existing entry. */
    public static final String SCHEME = "dl4j-snn-frames/1";

    private final Path dir;

    public DiskFrameCache(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The cache key of a sample: scheme, pipeline settings, source identity. */
    public static String key(String pipelineKey, SourceId source) {
        return SCHEME + "|" + pipelineKey + "|" + source.key();
    }

    /** The file an entry with this key lives in. */
    public Path fileFor(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h) + ".frames");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The cached frames for {@code key}, or null when there are none (or the entry was unreadable). */
    public Frames get(String key) {
        Path f = fileFor(key);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[MAGIC.length];
            b.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a frame cache file (bad magic)");
            }
            byte[] stored = new byte[b.getInt()];
            b.get(stored);
            if (!key.equals(new String(stored, StandardCharsets.UTF_8))) {
                log.warn("frame cache {}: stored key differs from the requested one (hash collision?), ignoring", f);
                return null;
            }
            return FrameCodec.decode(b.slice().order(ByteOrder.LITTLE_ENDIAN));
        } catch (IOException | RuntimeException e) {
            log.warn("frame cache {}: unreadable entry ({}), deleting it", f, e.toString());
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // another thread may hold it; it will be overwritten on the next put
            }
            return null;
        }
    }

    /** Stores {@code frames} under {@code key}, replacing any previous entry atomically. */
    public void put(String key, Frames frames) throws IOException {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] body = FrameCodec.encode(frames);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + k.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(k.length).put(k).put(body);
        Path target = fileFor(key);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, b.array());
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
