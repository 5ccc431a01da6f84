package io.inferstream.inference;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The buffer store's value format: a buffered record's source position, timestamp and original key
 * and value bytes. Written by hand (a version byte, then fixed fields and length-prefixed byte
 * arrays) because it is an internal, single-writer format on the hot path, where an Avro record
 * would only add a copy; the version byte leaves room to change it.
 */
final class BufferedRecordCodec {

    private static final byte VERSION = 1;

    /** A record as kept in the buffer store, before decoding. */
    record Buffered(SourcePosition source, long timestamp, byte[] key, byte[] value) { }

    private BufferedRecordCodec() {
    }

    static byte[] encode(SourcePosition source, long timestamp, byte[] key, byte[] value) {
        byte[] topic = source.topic().getBytes(StandardCharsets.UTF_8);
        int size = 1 + 4 + topic.length + 4 + 8 + 8 + 4 + (key == null ? 0 : key.length) + 4 + (value == null ? 0 : value.length);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(VERSION);
        b.putInt(topic.length).put(topic);
        b.putInt(source.partition()).putLong(source.offset()).putLong(timestamp);
        putBytes(b, key);
        putBytes(b, value);
        return b.array();
    }

    static Buffered decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte version = b.get();
        if (version != VERSION) {
            throw new IllegalStateException("buffer store entry has format version " + version + ", expected " + VERSION);
        }
        byte[] topic = new byte[b.getInt()];
        b.get(topic);
        int partition = b.getInt();
        long offset = b.getLong();
        long timestamp = b.getLong();
        byte[] key = getBytes(b);
        byte[] value = getBytes(b);
        return new Buffered(new SourcePosition(new String(topic, StandardCharsets.UTF_8), partition, offset), timestamp, key, value);
    }

    private static void putBytes(ByteBuffer b, byte[] bytes) {
        if (bytes == null) {
            b.putInt(-1);
        } else {
            b.putInt(bytes.length).put(bytes);
        }
    }

    private static byte[] getBytes(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        b.get(bytes);
        return bytes;
    }
}
