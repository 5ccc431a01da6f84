package io.inferstream.serde;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Avro schema of a datum to serialize, as Confluent's serializer derives it: records, enums and fixed carry
 * their own schema; Java primitives (String, Integer, Long, Float, Double, Boolean, byte[], ByteBuffer, null) map to
 * Avro's primitive schemas. The primitive schemas are shared constants so the serializer's identity cache hits.
 */
final class DatumSchemas {

    static final Schema NULL = Schema.create(Schema.Type.NULL);
    static final Schema BOOLEAN = Schema.create(Schema.Type.BOOLEAN);
    static final Schema INT = Schema.create(Schema.Type.INT);
    static final Schema LONG = Schema.create(Schema.Type.LONG);
    static final Schema FLOAT = Schema.create(Schema.Type.FLOAT);
    static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);
    static final Schema STRING = Schema.create(Schema.Type.STRING);
    static final Schema BYTES = Schema.create(Schema.Type.BYTES);

    private DatumSchemas() {
    }

    static Schema schemaOf(Object datum, String topic) {
        if (datum instanceof GenericContainer c) {
            return c.getSchema();
        }
        if (datum instanceof CharSequence) {
            return STRING;
        }
        if (datum instanceof Integer) {
            return INT;
        }
        if (datum instanceof Long) {
            return LONG;
        }
        if (datum instanceof Double) {
            return DOUBLE;
        }
        if (datum instanceof Float) {
            return FLOAT;
        }
        if (datum instanceof Boolean) {
            return BOOLEAN;
        }
        if (datum instanceof byte[] || datum instanceof ByteBuffer) {
            return BYTES;
        }
        if (datum == null) {
            return NULL;
        }
        throw new SerializationException("Cannot serialize a " + datum.getClass().getName() + " to topic '" + topic
                + "' as Avro: expected an Avro record (generated or GenericRecord), enum, fixed, or a primitive "
                + "(String, Integer, Long, Float, Double, Boolean, byte[])");
    }
}
