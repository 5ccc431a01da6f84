package io.inferstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferstream.registry.StoreRecord.ConfigRecord;
import io.inferstream.registry.StoreRecord.DeleteSubjectRecord;
import io.inferstream.registry.StoreRecord.SchemaRecord;
import io.inferstream.registry.StoreRecord.SchemaTombstone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Confluent Schema Registry's record format on its {@code _schemas} topic, so the topic Inferstream writes is
 * readable by Confluent's registry and the other way round. Keys and values are compact JSON:
 * <ul>
 *   <li>schema: key {@code {"keytype":"SCHEMA","subject":s,"version":v,"magic":1}}, value
 *       {@code {"subject","version","id","schema","deleted"}} ({@code schemaType} only when not AVRO); a
 *       {@code null} value (tombstone) deletes the version permanently;</li>
 *   <li>compatibility: key {@code {"keytype":"CONFIG","subject":s,"magic":0}} (the subject omitted for the
 *       global level, as Confluent's {@code NON_EMPTY} serialization does), value
 *       {@code {"compatibilityLevel":"..."}}; a tombstone removes the setting;</li>
 *   <li>{@code DELETE_SUBJECT} (value {@code {"subject","version"}}) is read; {@code NOOP}, {@code MODE},
 *       {@code CLEAR_SUBJECT} and other key types are skipped.</li>
 * </ul>
 * Key property order is fixed (Confluent's {@code @JsonPropertyOrder}): compaction compares key bytes.
 */
public final class SchemasTopicFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemasTopicFormat() {
    }

    /** The record's key bytes. */
    public static byte[] key(StoreRecord record) {
        ObjectNode key = JSON.createObjectNode();
        if (record instanceof SchemaRecord || record instanceof SchemaTombstone) {
            StoreRecord.SchemaKey k = (StoreRecord.SchemaKey) record.key();
            key.put("keytype", "SCHEMA").put("subject", k.subject()).put("version", k.version()).put("magic", 1);
        } else if (record instanceof ConfigRecord c) {
            key.put("keytype", "CONFIG");
            if (c.subject() != null && !c.subject().isEmpty()) {
                key.put("subject", c.subject());
            }
            key.put("magic", 0);
        } else if (record instanceof DeleteSubjectRecord d) {
            key.put("keytype", "DELETE_SUBJECT").put("subject", d.subject()).put("magic", 0);
        }
        return bytes(key);
    }

    /** The record's value bytes; {@code null} for a tombstone. */
    public static byte[] value(StoreRecord record) {
        if (record instanceof SchemaRecord r) {
            ObjectNode value = JSON.createObjectNode();
            value.put("subject", r.subject()).put("version", r.version()).put("id", r.id());
            if (r.schemaType() != null && !AvroSchemas.AVRO.equals(r.schemaType())) {
                value.put("schemaType", r.schemaType());
            }
            value.put("schema", r.schema()).put("deleted", r.deleted());
            return bytes(value);
        }
        if (record instanceof ConfigRecord c) {
            return c.level() == null ? null : bytes(JSON.createObjectNode().put("compatibilityLevel", c.level().name()));
        }
        if (record instanceof DeleteSubjectRecord d) {
            return bytes(JSON.createObjectNode().put("subject", d.subject()).put("version", d.version()));
        }
        return null;
    }

    /**
     * Decodes one topic record.
     *
     * @return empty for key types the registry does not keep (NOOP, MODE, ...)
     * @throws IllegalArgumentException for a key or value that is not of this format
     */
    public static Optional<StoreRecord> decode(byte[] keyBytes, byte[] valueBytes) {
        if (keyBytes == null) {
            throw new IllegalArgumentException("record without a key");
        }
        JsonNode key = tree(keyBytes, "key");
        JsonNode value = valueBytes == null ? null : tree(valueBytes, "value");
        String keyType = key.path("keytype").asText("");
        String subject = key.hasNonNull("subject") ? key.get("subject").asText() : null;
        switch (keyType) {
            case "SCHEMA": {
                int version = required(key, "version", "key").asInt();
                if (value == null) {
                    return Optional.of(new SchemaTombstone(requireSubject(subject), version));
                }
                String type = value.hasNonNull("schemaType") ? value.get("schemaType").asText() : null;
                return Optional.of(new SchemaRecord(required(value, "subject", "value").asText(),
                    required(value, "version", "value").asInt(), required(value, "id", "value").asInt(),
                    required(value, "schema", "value").asText(), type, value.path("deleted").asBoolean(false)));
            }
            case "CONFIG": {
                String configSubject = subject == null || subject.isEmpty() ? null : subject;
                if (value == null || !value.hasNonNull("compatibilityLevel")) {
                    return Optional.of(new ConfigRecord(configSubject, null));
                }
                CompatibilityLevel level = CompatibilityLevel.valueOf(value.get("compatibilityLevel").asText());
                return Optional.of(new ConfigRecord(configSubject, level));
            }
            case "DELETE_SUBJECT": {
                if (value == null) {
                    return Optional.empty();
                }
                return Optional.of(new DeleteSubjectRecord(requireSubject(subject), required(value, "version", "value").asInt()));
            }
            default:
                return Optional.empty();
        }
    }

    private static String requireSubject(String subject) {
        if (subject == null) {
            throw new IllegalArgumentException("key without a subject");
        }
        return subject;
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException(where + " without '" + field + "': " + node);
        }
        return n;
    }

    private static JsonNode tree(byte[] bytes, String what) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
