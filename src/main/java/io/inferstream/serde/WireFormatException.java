package io.inferstream.serde;

import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes are not a readable Confluent-wire-format Avro datum. A {@link SerializationException}, so Kafka
 * and Kafka Streams treat it as one (deserialization exception handlers see it), with a stable {@link #errorCode()}
 * the topologies put in a dead letter ({@code DeadLetter.errorCode}) and the topic and schema id where known.
 *
 * <p>A registry that cannot be reached is not a WireFormatException: that is not the record's fault and must not
 * dead-letter it; the deserializer throws a plain {@link SerializationException} then.
 */
public class WireFormatException extends SerializationException {

    /** What was wrong with the bytes; the names are the dead-letter error codes. */
    public enum ErrorCode {
        /** First byte is not 0x00: not Confluent wire format (e.g. plain JSON or a raw string). */
        BAD_MAGIC_BYTE,
        /** The schema id in the header is not known to the registry. */
        UNKNOWN_SCHEMA_ID,
        /** Too short for the header, or the Avro body does not decode with its writer schema. */
        UNDECODABLE_VALUE
    }

    private final ErrorCode errorCode;
    private final String topic;
    private final int schemaId;
    private final boolean hasSchemaId;

    public WireFormatException(ErrorCode errorCode, String topic, Integer schemaId, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.topic = topic;
        this.hasSchemaId = schemaId != null;
        this.schemaId = schemaId == null ? -1 : schemaId;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /** The topic the bytes came from (null if not given). */
    public String topic() {
        return topic;
    }

    /** The schema id read from the header, when the header was readable. */
    public OptionalInt schemaId() {
        return hasSchemaId ? OptionalInt.of(schemaId) : OptionalInt.empty();
    }
}
