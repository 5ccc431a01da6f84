package io.inferstream.registry;

import java.util.Objects;

/**
 * One entry of the registry's append-only log. The registry's whole state is the fold of these records in
 * log order, which is what lets a {@link SchemaStore} be a compacted Kafka topic: each record has a key
 * ({@link #key()}); a later record with the same key replaces an earlier one, and a removal (tombstone)
 * drops it.
 */
public sealed interface StoreRecord {

    /** Identity of the record for compaction: a later record with an equal key supersedes this one. */
    Object key();

    /** Key of a schema version: (subject, version). */
    record SchemaKey(String subject, int version) {
        public SchemaKey {
            Objects.requireNonNull(subject, "subject");
        }
    }

    /** Key of a compatibility setting: a subject, or {@code null} for the global level. */
    record ConfigKey(String subject) {
    }

    /**
     * A schema registered under a subject as a version, with its global id. Soft deletion rewrites the record
     * with {@code deleted = true}.
     *
     * @param schemaType {@code null} for AVRO (as Confluent omits it), else the type's name
     */
    record SchemaRecord(String subject, int version, int id, String schema, String schemaType, boolean deleted)
        implements StoreRecord {
        public SchemaRecord {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
            if (version < 1 || id < 0) {
                throw new IllegalArgumentException("version must be >= 1 and id >= 0, got " + version + " and " + id);
            }
        }

        @Override
        public SchemaKey key() {
            return new SchemaKey(subject, version);
        }

        public SchemaRecord asDeleted() {
            return new SchemaRecord(subject, version, id, schema, schemaType, true);
        }
    }

    /** Permanent removal of one schema version (a tombstone for its {@link SchemaKey}). */
    record SchemaTombstone(String subject, int version) implements StoreRecord {
        public SchemaTombstone {
            Objects.requireNonNull(subject, "subject");
        }

        @Override
        public SchemaKey key() {
            return new SchemaKey(subject, version);
        }
    }

    /**
     * A compatibility level set for a subject ({@code subject == null}: the global level), or removed
     * ({@code level == null}, a tombstone).
     */
    record ConfigRecord(String subject, CompatibilityLevel level) implements StoreRecord {
        @Override
        public ConfigKey key() {
            return new ConfigKey(subject);
        }
    }

    /**
     * Confluent's subject soft delete: every version up to {@code version} is deleted. Written by Confluent's
     * registry (keytype DELETE_SUBJECT); Inferstream itself writes per-version {@link SchemaRecord}s with
     * {@code deleted = true} instead, but reads these so a topic written by Confluent replays correctly.
     */
    record DeleteSubjectRecord(String subject, int version) implements StoreRecord {
        public DeleteSubjectRecord {
            Objects.requireNonNull(subject, "subject");
        }

        @Override
        public Object key() {
            return "DELETE_SUBJECT:" + subject;
        }
    }
}
