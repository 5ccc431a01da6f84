package io.inferstream.inference;

import io.inferstream.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds {@link DeadLetter} records that keep the original bytes and say where they came from and why. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static DeadLetter of(SourcePosition source, byte[] key, byte[] value, RejectCode code, String message,
                                String processor, long now) {
        return of(source, key, value, code.name(), message, processor, now);
    }

    /** For other topologies' reject codes (their enum names are the {@code errorCode}). */
    public static DeadLetter of(SourcePosition source, byte[] key, byte[] value, String code, String message,
                                String processor, long now) {
        return DeadLetter.newBuilder()
            .setSourceTopic(source.topic())
            .setSourcePartition(source.partition())
            .setSourceOffset(source.offset())
            .setKey(key == null ? null : ByteBuffer.wrap(key))
            .setValue(value == null ? null : ByteBuffer.wrap(value))
            .setErrorCode(code)
            .setErrorMessage(message == null ? code : message)
            .setProcessor(processor)
            .setTimestamp(Instant.ofEpochMilli(now))
            .build();
    }
}
