package io.inferstream.inference;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link ShadowStats} on the shadow-stats repartition topic, in the window store and its changelog, and in the
 * suppression buffer. Written by hand (a version byte, the model name length-prefixed, then fixed-width
 * numbers), not as registry Avro: these are internal topics that only this topology reads, and a registry
 * serde would need their subjects registered, which production ({@code registry.auto.register=false})
 * forbids. The version byte leaves room to change the format.
 */
public final class ShadowStatsSerde implements Serde<ShadowStats> {

    private static final byte VERSION = 1;
    private static final int FIXED = 1 + 4 + 6 * 8 + 2 * 8;

    @Override
    public Serializer<ShadowStats> serializer() {
        return (topic, s) -> s == null ? null : encode(s);
    }

    @Override
    public Deserializer<ShadowStats> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(topic, bytes);
    }

    static byte[] encode(ShadowStats s) {
        byte[] model = s.model().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(FIXED + model.length).put(VERSION).putInt(model.length).put(model)
            .putLong(s.servedVersion()).putLong(s.shadowVersion()).putLong(s.count()).putLong(s.agreed()).putLong(s.errors())
            .putLong(s.diffCount()).putDouble(s.diffSum()).putDouble(s.diffMax()).array();
    }

    static ShadowStats decode(String topic, byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte version = b.get();
            if (version != VERSION) {
                throw new SerializationException("shadow stats on topic " + topic + " have format version " + version
                    + ", expected " + VERSION);
            }
            int length = b.getInt();
            if (length < 0 || length > b.remaining()) {
                throw new SerializationException("shadow stats on topic " + topic + ": model name length " + length
                    + " exceeds the " + b.remaining() + " bytes left");
            }
            byte[] model = new byte[length];
            b.get(model);
            ShadowStats s = new ShadowStats(new String(model, StandardCharsets.UTF_8), b.getLong(), b.getLong(), b.getLong(),
                b.getLong(), b.getLong(), b.getLong(), b.getDouble(), b.getDouble());
            if (b.hasRemaining()) {
                throw new SerializationException("shadow stats on topic " + topic + ": " + b.remaining() + " trailing bytes");
            }
            return s;
        } catch (BufferUnderflowException e) {
            throw new SerializationException("shadow stats on topic " + topic + " are truncated (" + bytes.length + " bytes)", e);
        }
    }
}
