package io.inferstream.registry;

import io.inferstream.registry.StoreRecord.ConfigRecord;
import io.inferstream.registry.StoreRecord.SchemaKey;
import io.inferstream.registry.StoreRecord.SchemaRecord;
import io.inferstream.registry.StoreRecord.SchemaTombstone;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry itself, independent of HTTP: subjects, versions, global ids, compatibility and
 * deletes with Confluent Schema Registry's semantics and error codes. The REST server and the in-process
 * client ({@link LocalSchemaRegistryClient}) both call it.
 *
 * <p>State is the fold of the {@link SchemaStore}'s log: every change is appended to the store, and the
 * state changes only when the store hands the record back, so a restart on the same store rebuilds exactly
 * the same ids and versions. Writes are serialized (one writer); reads run in parallel.
 *
 * <p>Semantics, as Confluent's registry: ids start at 1 and are global (the same schema under two subjects
 * has one id); registering a schema already live under the subject returns its id; soft-deleted versions are
 * hidden from lists and lookups but keep their ids, and {@code GET /schemas/ids/{id}} still answers;
 * permanent deletion needs a prior soft delete; version numbers continue after a soft delete.
 */
public final class SchemaRegistryService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryService.class);

    /** Confluent's code for an invalid subject name. */
    public static final int INVALID_SUBJECT = 42208;
    /** {@code "latest"} as a version: the highest live version. */
    public static final String LATEST = "latest";
    /** The one schema type this registry supports, as Confluent names it. */
    public static final String AVRO = AvroSchemas.AVRO;

    private final SchemaStore store;
    private final CompatibilityLevel defaultLevel;
    private final RegistryState state = new RegistryState();
    private final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();
    /** Serializes writers: each decides on the current state, then appends, before the next one looks. */
    private final Object writeLock = new Object();

    /** A registry over the store, with BACKWARD as the global level until one is set. Replays the store. */
    public SchemaRegistryService(SchemaStore store) {
        this(store, CompatibilityLevel.BACKWARD);
    }

    /** A registry over the store, with {@code defaultLevel} as the global level until one is set. Replays the store. */
    public SchemaRegistryService(SchemaStore store, CompatibilityLevel defaultLevel) {
        this.store = Objects.requireNonNull(store, "store");
        this.defaultLevel = Objects.requireNonNull(defaultLevel, "defaultLevel");
        store.start(this::apply);
        log.info("Schema registry ready on {} store: {} subjects, highest id {}", store.describe(),
            read(() -> state.subjects(true).size()), read(state::maxId));
    }

    /** A registry on a fresh {@link InMemorySchemaStore}. */
    public static SchemaRegistryService inMemory() {
        return new SchemaRegistryService(new InMemorySchemaStore());
    }

    private void apply(StoreRecord record) {
        stateLock.writeLock().lock();
        try {
            state.apply(record);
        } finally {
            stateLock.writeLock().unlock();
        }
    }

    private <T> T read(Supplier<T> query) {
        stateLock.readLock().lock();
        try {
            return query.get();
        } finally {
            stateLock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- register / lookup

    /** Registers an Avro schema; see {@link #register(String, String, String, List)}. */
    public int register(String subject, String schemaText) {
        return register(subject, schemaText, null, List.of());
    }

    /**
     * POST /subjects/{subject}/versions: registers the schema as the subject's next version, or returns the id
     * it already has there (idempotent).
     *
     * @param schemaType {@code null} or {@code "AVRO"}; other types are refused (42201)
     * @param references must be empty: schema references are not supported (42201)
     * @return the schema's global id
     * @throws RegistryException 409 when incompatible with earlier versions at the subject's level, 42201 for
     *                           an invalid schema
     */
    public int register(String subject, String schemaText, String schemaType, List<?> references) {
        requireSubject(subject);
        Schema schema = parse(schemaText, schemaType, references);
        String canonical = AvroSchemas.canonical(schema);
        synchronized (writeLock) {
            Decision decision = read(() -> decideRegistration(subject, schema, canonical));
            if (decision.existingId != null) {
                return decision.existingId;
            }
            store.append(new SchemaRecord(subject, decision.version, decision.id, schemaText, null, false));
            log.info("Registered schema id {} as subject '{}' version {}", decision.id, subject, decision.version);
            return decision.id;
        }
    }

    private record Decision(Integer existingId, int version, int id) {
    }

    private Decision decideRegistration(String subject, Schema schema, String canonical) {
        List<SchemaRecord> live = state.versions(subject, false);
        for (int i = live.size() - 1; i >= 0; i--) {
            SchemaRecord r = live.get(i);
            if (canonical.equals(canonicalOfStored(r))) {
                return new Decision(r.id(), r.version(), r.id());
            }
        }
        CompatibilityLevel level = effectiveLevel(subject);
        CompatibilityCheck check = check(schema, previousFor(level, live), level);
        if (!check.compatible()) {
            throw new RegistryException(409, RegistryException.INCOMPATIBLE_SCHEMA,
                "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                    + "\", details: " + check.messages());
        }
        int id = state.idOf(canonical).orElse(state.maxId() + 1);
        return new Decision(null, state.highestVersion(subject) + 1, id);
    }

    /**
     * POST /subjects/{subject}: the version under which this schema is registered in the subject.
     *
     * @param includeDeleted also match soft-deleted versions ({@code ?deleted=true})
     * @throws RegistryException 40401 unknown subject, 40403 schema not registered under it, 42201 invalid schema
     */
    public RegisteredSchema lookup(String subject, String schemaText, String schemaType, boolean includeDeleted) {
        requireSubject(subject);
        String canonical = AvroSchemas.canonical(parse(schemaText, schemaType, List.of()));
        return read(() -> {
            List<SchemaRecord> versions = state.versions(subject, includeDeleted);
            if (versions.isEmpty()) {
                throw subjectNotFound(subject);
            }
            for (int i = versions.size() - 1; i >= 0; i--) {
                if (canonical.equals(canonicalOfStored(versions.get(i)))) {
                    return toRegistered(versions.get(i));
                }
            }
            throw new RegistryException(404, RegistryException.SCHEMA_NOT_FOUND, "Schema not found");
        });
    }

    /** {@link #lookup(String, String, String, boolean)} for an Avro schema, live versions only. */
    public RegisteredSchema lookup(String subject, String schemaText) {
        return lookup(subject, schemaText, null, false);
    }

    /** The stored version's identity; ids and canonical forms map one to one, so the id's form is the version's. */
    private String canonicalOfStored(SchemaRecord r) {
        return state.canonicalOfId(r.id()).orElse(null);
    }

    // ---------------------------------------------------------------- reads

    /**
     * GET /schemas/ids/{id}: the schema with this global id (soft-deleted versions still answer).
     *
     * @throws RegistryException 40403 when no version has this id
     */
    public RegisteredSchema getById(int id) {
        return read(() -> state.byId(id).map(this::toRegistered)
            .orElseThrow(() -> new RegistryException(404, RegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found")));
    }

    /** GET /schemas/ids/{id}/versions: every (subject, version) using the id, soft-deleted ones only if asked. */
    public List<RegisteredSchema> versionsOfId(int id, boolean includeDeleted) {
        return read(() -> {
            List<SchemaKey> keys = state.keysOfId(id);
            if (keys.isEmpty()) {
                throw new RegistryException(404, RegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
            }
            List<RegisteredSchema> out = new ArrayList<>();
            for (SchemaKey k : keys) {
                state.version(k.subject(), k.version()).filter(r -> includeDeleted || !r.deleted())
                    .ifPresent(r -> out.add(toRegistered(r)));
            }
            return out;
        });
    }

    /**
     * GET /subjects/{subject}/versions/{version}.
     *
     * @param version a number, {@code "latest"} or {@code "-1"}
     * @throws RegistryException 40401 unknown subject, 40402 unknown version, 42202 invalid version
     */
    public RegisteredSchema getVersion(String subject, String version, boolean includeDeleted) {
        requireSubject(subject);
        int v = parseVersion(version);
        return read(() -> {
            List<SchemaRecord> versions = state.versions(subject, includeDeleted);
            if (versions.isEmpty()) {
                throw subjectNotFound(subject);
            }
            if (v == -1) {
                return toRegistered(versions.get(versions.size() - 1));
            }
            return state.version(subject, v).filter(r -> includeDeleted || !r.deleted()).map(this::toRegistered)
                .orElseThrow(() -> versionNotFound(subject, v));
        });
    }

    /** GET /subjects/{subject}/versions/{version} for a live version. */
    public RegisteredSchema getVersion(String subject, int version) {
        return getVersion(subject, Integer.toString(version), false);
    }

    /** GET /subjects/{subject}/versions/latest. */
    public RegisteredSchema getLatest(String subject) {
        return getVersion(subject, LATEST, false);
    }

    /**
     * GET /schemas: every version of every subject whose name starts with the prefix, by subject then version.
     *
     * @param subjectPrefix {@code null} or empty for all subjects
     * @param latestOnly    only each subject's latest (live, unless deleted ones are asked) version
     */
    public List<RegisteredSchema> schemas(String subjectPrefix, boolean includeDeleted, boolean latestOnly) {
        String prefix = subjectPrefix == null ? "" : subjectPrefix;
        return read(() -> {
            List<RegisteredSchema> out = new ArrayList<>();
            for (String subject : state.subjects(includeDeleted)) {
                if (!subject.startsWith(prefix)) {
                    continue;
                }
                List<SchemaRecord> versions = state.versions(subject, includeDeleted);
                if (latestOnly && !versions.isEmpty()) {
                    versions = List.of(versions.get(versions.size() - 1));
                }
                versions.forEach(r -> out.add(toRegistered(r)));
            }
            return out;
        });
    }

    /** GET /subjects[?deleted=true], sorted. */
    public List<String> subjects(boolean includeDeleted) {
        return read(() -> state.subjects(includeDeleted));
    }

    /**
     * GET /subjects/{subject}/versions[?deleted=true], ascending.
     *
     * @throws RegistryException 40401 when the subject has no (live, unless asked) versions
     */
    public List<Integer> versions(String subject, boolean includeDeleted) {
        requireSubject(subject);
        return read(() -> {
            List<SchemaRecord> versions = state.versions(subject, includeDeleted);
            if (versions.isEmpty()) {
                throw subjectNotFound(subject);
            }
            return versions.stream().map(SchemaRecord::version).toList();
        });
    }

    // ---------------------------------------------------------------- compatibility levels

    /** GET /config: the global level (the default until one is set). */
    public CompatibilityLevel globalCompatibility() {
        return read(() -> state.globalLevel().orElse(defaultLevel));
    }

    /** PUT /config. */
    public CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
        Objects.requireNonNull(level, "level");
        synchronized (writeLock) {
            store.append(new ConfigRecord(null, level));
        }
        log.info("Global compatibility set to {}", level);
        return level;
    }

    /** DELETE /config: back to the default level; answers the level that was in force. */
    public CompatibilityLevel deleteGlobalCompatibility() {
        synchronized (writeLock) {
            CompatibilityLevel previous = globalCompatibility();
            store.append(new ConfigRecord(null, null));
            return previous;
        }
    }

    /** GET /config/{subject}: the subject's own level, empty when it has none (REST: 404, 40408). */
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        requireSubject(subject);
        return read(() -> state.subjectLevel(subject));
    }

    /** The level that applies to the subject: its own, else the global one. */
    public CompatibilityLevel effectiveCompatibility(String subject) {
        return read(() -> effectiveLevel(subject));
    }

    private CompatibilityLevel effectiveLevel(String subject) {
        return state.subjectLevel(subject).or(state::globalLevel).orElse(defaultLevel);
    }

    /** PUT /config/{subject}; the subject need not exist yet. */
    public CompatibilityLevel setSubjectCompatibility(String subject, CompatibilityLevel level) {
        requireSubject(subject);
        Objects.requireNonNull(level, "level");
        synchronized (writeLock) {
            store.append(new ConfigRecord(subject, level));
        }
        log.info("Compatibility of subject '{}' set to {}", subject, level);
        return level;
    }

    /**
     * DELETE /config/{subject}: removes the subject's own level (the global one applies again); answers the
     * level that was in force.
     *
     * @throws RegistryException 40401 when the subject has neither versions nor a level of its own
     */
    public CompatibilityLevel deleteSubjectCompatibility(String subject) {
        requireSubject(subject);
        synchronized (writeLock) {
            Optional<CompatibilityLevel> own = read(() -> state.subjectLevel(subject));
            if (own.isEmpty()) {
                if (read(() -> state.versions(subject, true).isEmpty())) {
                    throw subjectNotFound(subject);
                }
                return effectiveCompatibility(subject);
            }
            store.append(new ConfigRecord(subject, null));
            return own.get();
        }
    }

    /**
     * Parses a level name as Confluent accepts it (case-insensitive).
     *
     * @throws RegistryException 42203 for anything else
     */
    public static CompatibilityLevel parseLevel(String name) {
        if (name != null) {
            try {
                return CompatibilityLevel.valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // fall through to the registry's error
            }
        }
        throw new RegistryException(422, RegistryException.INVALID_COMPATIBILITY_LEVEL,
            "Invalid compatibility level" + (name == null ? "" : " '" + name + "'")
                + ". Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }

    // ---------------------------------------------------------------- compatibility test

    /**
     * POST /compatibility/subjects/{subject}/versions/{version}: would the schema be accepted? A numbered
     * version tests against that version alone; {@code latest} tests against what registration would
     * (the latest live version, or all live ones for a transitive level), and is compatible when the subject
     * has none.
     *
     * @throws RegistryException 40401 unknown subject, 40402 unknown version (numbered), 42201, 42202
     */
    public CompatibilityCheck testCompatibility(String subject, String version, String schemaText, String schemaType) {
        requireSubject(subject);
        int v = parseVersion(version);
        Schema schema = parse(schemaText, schemaType, List.of());
        return read(() -> {
            CompatibilityLevel level = effectiveLevel(subject);
            List<SchemaRecord> live = state.versions(subject, false);
            if (v == -1) {
                return check(schema, previousFor(level, live), level);
            }
            if (live.isEmpty()) {
                throw subjectNotFound(subject);
            }
            SchemaRecord target = state.version(subject, v).filter(r -> !r.deleted())
                .orElseThrow(() -> versionNotFound(subject, v));
            return check(schema, List.of(target), level);
        });
    }

    /** {@link #testCompatibility(String, String, String, String)} for an Avro schema. */
    public CompatibilityCheck testCompatibility(String subject, String version, String schemaText) {
        return testCompatibility(subject, version, schemaText, null);
    }

    private static List<SchemaRecord> previousFor(CompatibilityLevel level, List<SchemaRecord> live) {
        if (live.isEmpty() || isTransitive(level)) {
            return live;
        }
        return List.of(live.get(live.size() - 1));
    }

    private static boolean isTransitive(CompatibilityLevel level) {
        return level.name().endsWith("_TRANSITIVE");
    }

    /**
     * Checks the new schema against each previous one with Avro's own {@link SchemaCompatibility}: BACKWARD =
     * the new schema reads data written with the old; FORWARD = the old reads data written with the new;
     * FULL = both. Newest first, as Confluent does; messages in Confluent's verbose style.
     */
    private static CompatibilityCheck check(Schema candidate, List<SchemaRecord> previous, CompatibilityLevel level) {
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return CompatibilityCheck.ok();
        }
        boolean backward = level.name().startsWith("BACKWARD") || level.name().startsWith("FULL");
        boolean forward = level.name().startsWith("FORWARD") || level.name().startsWith("FULL");
        List<String> messages = new ArrayList<>();
        for (int i = previous.size() - 1; i >= 0; i--) {
            SchemaRecord old = previous.get(i);
            Schema oldSchema;
            try {
                oldSchema = AvroSchemas.parse(old.schema());
            } catch (RegistryException e) {
                log.warn("Skipping unparsable stored schema {} in compatibility check: {}", old.id(), e.detail());
                continue;
            }
            List<String> found = new ArrayList<>();
            if (backward) {
                found.addAll(describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, oldSchema), "new", "old"));
            }
            if (forward) {
                found.addAll(describe(SchemaCompatibility.checkReaderWriterCompatibility(oldSchema, candidate), "old", "new"));
            }
            if (!found.isEmpty()) {
                messages.addAll(found);
                messages.add("{oldSchemaVersion: " + old.version() + "}");
                messages.add("{oldSchema: '" + old.schema() + "'}");
            }
        }
        if (messages.isEmpty()) {
            return CompatibilityCheck.ok();
        }
        messages.add("{compatibility: '" + level + "'}");
        return new CompatibilityCheck(false, messages);
    }

    private static List<String> describe(SchemaPairCompatibility result, String readerName, String writerName) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Incompatibility inc : result.getResult().getIncompatibilities()) {
            out.add("{errorType:'" + inc.getType() + "', description:'The " + readerName + " schema (reader) cannot read data written with the "
                + writerName + " schema (writer) at path '" + inc.getLocation() + "': " + inc.getMessage() + "'}");
        }
        return out;
    }

    // ---------------------------------------------------------------- deletes

    /**
     * DELETE /subjects/{subject}[?permanent=true]. A soft delete hides every live version; a permanent one
     * removes the (already soft-deleted) versions and the subject's own compatibility level.
     *
     * @return the versions deleted, ascending
     * @throws RegistryException 40401 unknown subject, 40404 already soft-deleted (soft), 40405 not soft-deleted
     *                           first (permanent)
     */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        requireSubject(subject);
        synchronized (writeLock) {
            List<SchemaRecord> all = read(() -> state.versions(subject, true));
            if (all.isEmpty()) {
                throw subjectNotFound(subject);
            }
            List<SchemaRecord> live = all.stream().filter(r -> !r.deleted()).toList();
            if (permanent) {
                if (!live.isEmpty()) {
                    throw new RegistryException(404, RegistryException.SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                        + "' was not deleted first before being permanently deleted");
                }
                for (SchemaRecord r : all) {
                    store.append(new SchemaTombstone(subject, r.version()));
                }
                if (read(() -> state.subjectLevel(subject)).isPresent()) {
                    store.append(new ConfigRecord(subject, null));
                }
                log.info("Permanently deleted subject '{}' versions {}", subject, versionsOf(all));
                return versionsOf(all);
            }
            if (live.isEmpty()) {
                throw new RegistryException(404, RegistryException.SUBJECT_SOFT_DELETED, "Subject '" + subject
                    + "' was soft deleted.Set permanent=true to delete permanently");
            }
            for (SchemaRecord r : live) {
                store.append(r.asDeleted());
            }
            log.info("Soft-deleted subject '{}' versions {}", subject, versionsOf(live));
            return versionsOf(live);
        }
    }

    /**
     * DELETE /subjects/{subject}/versions/{version}[?permanent=true].
     *
     * @param version a number or {@code "latest"} (the highest live version)
     * @return the version deleted
     * @throws RegistryException 40401, 40402, 40406 already soft-deleted (soft), 40407 not soft-deleted first
     *                           (permanent), 42202
     */
    public int deleteVersion(String subject, String version, boolean permanent) {
        requireSubject(subject);
        int v = parseVersion(version);
        synchronized (writeLock) {
            List<SchemaRecord> all = read(() -> state.versions(subject, true));
            if (all.isEmpty()) {
                throw subjectNotFound(subject);
            }
            SchemaRecord target;
            if (v == -1) {
                List<SchemaRecord> live = all.stream().filter(r -> !r.deleted()).toList();
                if (live.isEmpty()) {
                    throw subjectNotFound(subject);
                }
                target = live.get(live.size() - 1);
            } else {
                target = read(() -> state.version(subject, v)).orElseThrow(() -> versionNotFound(subject, v));
            }
            if (permanent) {
                if (!target.deleted()) {
                    throw new RegistryException(404, RegistryException.SCHEMA_VERSION_NOT_SOFT_DELETED, "Subject '" + subject
                        + "' Version " + target.version() + " was not deleted first before being permanently deleted");
                }
                store.append(new SchemaTombstone(subject, target.version()));
                log.info("Permanently deleted subject '{}' version {}", subject, target.version());
            } else {
                if (target.deleted()) {
                    throw new RegistryException(404, RegistryException.SCHEMA_VERSION_SOFT_DELETED, "Subject '" + subject
                        + "' Version " + target.version() + " was soft deleted.Set permanent=true to delete permanently");
                }
                store.append(target.asDeleted());
                log.info("Soft-deleted subject '{}' version {}", subject, target.version());
            }
            return target.version();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static List<Integer> versionsOf(List<SchemaRecord> records) {
        return records.stream().map(SchemaRecord::version).toList();
    }

    private RegisteredSchema toRegistered(SchemaRecord r) {
        return new RegisteredSchema(r.subject(), r.version(), r.id(), r.schema(),
            r.schemaType() == null ? AvroSchemas.AVRO : r.schemaType(), r.deleted());
    }

    private static Schema parse(String text, String schemaType, List<?> references) {
        if (schemaType != null && !schemaType.isBlank() && !AvroSchemas.AVRO.equalsIgnoreCase(schemaType.strip())) {
            throw new RegistryException(422, RegistryException.INVALID_SCHEMA,
                "Invalid schema type '" + schemaType + "': this registry supports AVRO only");
        }
        if (references != null && !references.isEmpty()) {
            throw new RegistryException(422, RegistryException.INVALID_SCHEMA,
                "Invalid schema: schema references are not supported by this registry; register a self-contained schema");
        }
        return AvroSchemas.parse(text);
    }

    /**
     * A version as Confluent accepts it: 1..2^31-1, {@code "latest"} or -1 (both: latest, returned as -1).
     *
     * @throws RegistryException 42202 otherwise
     */
    public static int parseVersion(String version) {
        if (version != null) {
            String v = version.strip();
            if (LATEST.equalsIgnoreCase(v)) {
                return -1;
            }
            try {
                int n = Integer.parseInt(v);
                if (n >= 1 || n == -1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the registry's error
            }
        }
        throw new RegistryException(422, RegistryException.INVALID_VERSION, "The specified version '" + version
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static void requireSubject(String subject) {
        if (subject == null || subject.isBlank() || subject.chars().anyMatch(Character::isISOControl)) {
            throw new RegistryException(422, INVALID_SUBJECT, "The specified subject '" + subject
                + "' is not valid: it must be non-empty and without control characters");
        }
    }

    private static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, RegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    private static RegistryException versionNotFound(String subject, int version) {
        return new RegistryException(404, RegistryException.VERSION_NOT_FOUND,
            "Version " + version + " not found for subject '" + subject + "'.");
    }

    /** The store this registry writes to. */
    public SchemaStore store() {
        return store;
    }

    /** Closes the store. */
    @Override
    public void close() {
        store.close();
    }
}
