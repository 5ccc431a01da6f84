package io.inferstream.registry;

import java.util.Objects;

/**
 * One schema version as the registry holds it: what {@code GET /subjects/{s}/versions/{v}} answers.
 *
 * @param schema     the schema text exactly as it was registered
 * @param schemaType {@code "AVRO"}
 * @param deleted    soft-deleted (only visible when deleted versions are asked for)
 */
public record RegisteredSchema(String subject, int version, int id, String schema, String schemaType, boolean deleted) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(schemaType, "schemaType");
    }
}
