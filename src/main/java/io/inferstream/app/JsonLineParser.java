package io.inferstream.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.app.json.JsonAvroException;
import io.inferstream.app.json.JsonToAvro;
import java.io.IOException;
import java.util.Locale;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Turns one input line of {@code produce} into a key and an Avro record, or a {@link BadLine} naming the line
 * number and what is wrong.
 */
final class JsonLineParser {

    /** How values are written. */
    enum Format {
        /** Plain JSON: unions unwrapped, defaults filled in (see {@link JsonToAvro}). */
        PLAIN,
        /** Avro's JSON encoding, read with Avro's own JSON decoder: unions wrapped, every field present. */
        AVRO;

        static Format parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** A line that cannot be produced. */
    static final class BadLine extends RuntimeException {
        BadLine(long lineNumber, String message) {
            super("line " + lineNumber + ": " + message);
        }
    }

    /** One parsed line. */
    record Parsed(String key, GenericRecord value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Schema schema;
    private final Format format;
    private final String keyField;
    private final boolean envelope;
    private final GenericDatumReader<GenericRecord> avroReader;

    /**
     * @param keyField the value field whose text is the record key, or null
     * @param envelope lines are {@code {"key": ..., "value": {...}}} (what {@code tail} prints)
     */
    JsonLineParser(Schema schema, Format format, String keyField, boolean envelope) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new CliException(ExitCodes.USAGE, "The value schema must be a record, got " + schema.getType());
        }
        if (keyField != null && schema.getField(keyField) == null) {
            throw new CliException(ExitCodes.USAGE, "--key-field " + keyField + ": record " + schema.getName()
                + " has no such field");
        }
        this.schema = schema;
        this.format = format;
        this.keyField = keyField;
        this.envelope = envelope;
        this.avroReader = new GenericDatumReader<>(schema);
    }

    Parsed parse(long lineNumber, String line) {
        String valueJson = line;
        String key = null;
        JsonNode tree = null;
        if (envelope || format == Format.PLAIN) {
            tree = readTree(lineNumber, line);
        }
        if (envelope) {
            if (!tree.isObject() || !tree.has("value")) {
                throw new BadLine(lineNumber, "expected {\"key\": ..., \"value\": {...}} (--envelope)");
            }
            JsonNode k = tree.get("key");
            key = k == null || k.isNull() ? null : k.isValueNode() ? k.asText() : k.toString();
            tree = tree.get("value");
            valueJson = tree.toString();
        }
        GenericRecord value;
        try {
            value = format == Format.PLAIN ? JsonToAvro.toRecord(tree, schema) : readAvroJson(valueJson);
        } catch (JsonAvroException e) {
            throw new BadLine(lineNumber, e.getMessage());
        }
        if (keyField != null) {
            Object k = value.get(keyField);
            key = k == null ? null : k.toString();
        }
        return new Parsed(key, value);
    }

    private GenericRecord readAvroJson(String json) {
        try {
            return avroReader.read(null, DecoderFactory.get().jsonDecoder(schema, json));
        } catch (IOException | AvroRuntimeException e) {
            throw new JsonAvroException("not valid Avro JSON for " + schema.getName() + ": " + e.getMessage());
        }
    }

    private static JsonNode readTree(long lineNumber, String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadLine(lineNumber, "not valid JSON: " + e.getOriginalMessage());
        }
    }
}
