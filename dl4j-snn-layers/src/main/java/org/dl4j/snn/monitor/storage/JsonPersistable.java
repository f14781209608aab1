package org.dl4j.snn.monitor.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.deeplearning4j.core.storage.Persistable;
import org.dl4j.snn.monitor.MonitorRecordFormat;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Base of the monitor's StatsStorage entries: a {@link Persistable} whose encoding is one UTF-8 JSON object.
 * The object always carries {@code session_id}, {@code type_id}, {@code worker_id} and {@code timestamp_ms};
 * subclasses add their own keys in {@link #write} and read them in {@link #read}.
 */
abstract class JsonPersistable implements Persistable {
    private static final long serialVersionUID = 1L;

    protected String sessionId;
    protected String typeId;
    protected String workerId;
    protected long timestampMs;

    /** Adds the subclass's keys to {@code o}. */
    protected abstract void write(ObjectNode o);

    /** Reads the subclass's keys from {@code o}. */
    protected abstract void read(JsonNode o);

    @Override
    public String getSessionID() {
        return sessionId;
    }

    @Override
    public String getTypeID() {
        return typeId;
    }

    @Override
    public String getWorkerID() {
        return workerId;
    }

    @Override
    public long getTimeStamp() {
        return timestampMs;
    }

    @Override
    public int encodingLengthBytes() {
        return encode().length;
    }

    @Override
    public byte[] encode() {
        ObjectNode o = MonitorRecordFormat.mapper().createObjectNode();
        o.put("session_id", sessionId);
        o.put("type_id", typeId);
        o.put("worker_id", workerId);
        o.put("timestamp_ms", timestampMs);
        write(o);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void encode(ByteBuffer buffer) {
        buffer.put(encode());
    }

    @Override
    public void encode(OutputStream outputStream) throws IOException {
        outputStream.write(encode());
    }

    @Override
    public void decode(byte[] bytes) {
        JsonNode o;
        try {
            o = MonitorRecordFormat.mapper().readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": encoding is not a JSON object ("
                    + bytes.length + " bytes)", e);
        }
        sessionId = text(o, "session_id");
        typeId = text(o, "type_id");
        workerId = text(o, "worker_id");
        timestampMs = o.path("timestamp_ms").asLong();
        read(o);
    }

    @Override
    public void decode(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        decode(bytes);
    }

    @Override
    public void decode(InputStream inputStream) throws IOException {
        decode(inputStream.readAllBytes());
    }

    private String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": missing key '" + key + "'");
        }
        return v.asText();
    }
}
