package io.inferstream.registry;

import org.apache.avro.Schema;

/** Parsing and identity of Avro schema text, with Confluent's error codes. */
final class AvroSchemas {

    static final String AVRO = "AVRO";

    private AvroSchemas() {
    }

    /**
     * Parses schema text with a fresh parser (a shared one would remember named types between schemas).
     *
     * @throws RegistryException 42201 for empty or unparsable text
     */
    static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw new RegistryException(422, RegistryException.INVALID_SCHEMA, "Invalid schema: the schema is empty");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new RegistryException(422, RegistryException.INVALID_SCHEMA,
                "Invalid schema " + abbreviate(text) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The identity of a schema: Avro's full JSON form of the parsed schema ({@link Schema#toString()}), which
     * is what Confluent's {@code AvroSchema.canonicalString()} uses. It ignores whitespace and key order but,
     * unlike the parsing canonical form, keeps defaults, docs, aliases and logical types, since two schemas
     * differing only in a default are not interchangeable for a reader.
     */
    static String canonical(Schema schema) {
        return schema.toString();
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
