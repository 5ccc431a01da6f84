package io.inferstream.registry;

import io.inferstream.registry.StoreRecord.ConfigRecord;
import io.inferstream.registry.StoreRecord.DeleteSubjectRecord;
import io.inferstream.registry.StoreRecord.SchemaKey;
import io.inferstream.registry.StoreRecord.SchemaRecord;
import io.inferstream.registry.StoreRecord.SchemaTombstone;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's in-memory state: the fold of the {@link StoreRecord} log. Not thread-safe; the
 * {@link SchemaRegistryService} guards it.
 */
final class RegistryState {

    private static final Logger log = LoggerFactory.getLogger(RegistryState.class);

    /** subject -> version -> record, soft-deleted ones included. Sorted, as Confluent lists subjects. */
    private final NavigableMap<String, NavigableMap<Integer, SchemaRecord>> subjects = new TreeMap<>();
    /** id -> every (subject, version) that uses it. */
    private final Map<Integer, Set<SchemaKey>> keysById = new HashMap<>();
    /** id -> the text first registered with it: what GET /schemas/ids/{id} answers. */
    private final Map<Integer, SchemaRecord> firstById = new HashMap<>();
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<Integer, String> canonicalById = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    void apply(StoreRecord record) {
        if (record instanceof SchemaRecord r) {
            applySchema(r);
        } else if (record instanceof SchemaTombstone t) {
            removeVersion(t.subject(), t.version());
        } else if (record instanceof ConfigRecord c) {
            applyConfig(c);
        } else if (record instanceof DeleteSubjectRecord d) {
            NavigableMap<Integer, SchemaRecord> versions = subjects.get(d.subject());
            if (versions != null) {
                versions.headMap(d.version(), true).replaceAll((v, r) -> r.asDeleted());
            }
        }
    }

    private void applySchema(SchemaRecord r) {
        NavigableMap<Integer, SchemaRecord> versions = subjects.computeIfAbsent(r.subject(), s -> new TreeMap<>());
        SchemaRecord previous = versions.put(r.version(), r);
        if (previous != null && previous.id() != r.id()) {
            unlinkId(previous.id(), previous.key());
        }
        keysById.computeIfAbsent(r.id(), id -> new LinkedHashSet<>()).add(r.key());
        SchemaRecord first = firstById.get(r.id());
        if (first == null || first.key().equals(r.key())) {
            firstById.put(r.id(), r);
        }
        String canonical = canonicalOf(r);
        canonicalById.putIfAbsent(r.id(), canonical);
        idByCanonical.putIfAbsent(canonical, r.id());
        maxId = Math.max(maxId, r.id());
    }

    private void removeVersion(String subject, int version) {
        NavigableMap<Integer, SchemaRecord> versions = subjects.get(subject);
        if (versions == null) {
            return;
        }
        SchemaRecord removed = versions.remove(version);
        if (versions.isEmpty()) {
            subjects.remove(subject);
        }
        if (removed != null) {
            unlinkId(removed.id(), removed.key());
        }
    }

    /** An id no version uses any more is gone: GET /schemas/ids/{id} answers 40403, as Confluent's does. */
    private void unlinkId(int id, SchemaKey key) {
        Set<SchemaKey> keys = keysById.get(id);
        if (keys == null) {
            return;
        }
        keys.remove(key);
        if (keys.isEmpty()) {
            keysById.remove(id);
            firstById.remove(id);
            String canonical = canonicalById.remove(id);
            if (canonical != null) {
                idByCanonical.remove(canonical, id);
            }
        } else if (firstById.get(id).key().equals(key)) {
            SchemaKey next = keys.iterator().next();
            firstById.put(id, subjects.get(next.subject()).get(next.version()));
        }
    }

    private void applyConfig(ConfigRecord c) {
        if (c.subject() == null) {
            globalLevel = c.level();
        } else if (c.level() == null) {
            subjectLevels.remove(c.subject());
        } else {
            subjectLevels.put(c.subject(), c.level());
        }
    }

    /** Identity of a stored schema; a record that does not parse (another type, or foreign data) keeps its text. */
    private static String canonicalOf(SchemaRecord r) {
        if (r.schemaType() == null || AvroSchemas.AVRO.equals(r.schemaType())) {
            try {
                return AvroSchemas.canonical(AvroSchemas.parse(r.schema()));
            } catch (RegistryException e) {
                log.warn("Stored schema {} (subject '{}' version {}) does not parse as Avro: {}", r.id(), r.subject(),
                    r.version(), e.detail());
            }
        }
        return r.schemaType() + ":" + r.schema();
    }

    // ---- queries ----

    /** The versions of a subject; soft-deleted ones only if asked. Empty when there are none. */
    List<SchemaRecord> versions(String subject, boolean includeDeleted) {
        NavigableMap<Integer, SchemaRecord> versions = subjects.get(subject);
        List<SchemaRecord> out = new ArrayList<>();
        if (versions != null) {
            for (SchemaRecord r : versions.values()) {
                if (includeDeleted || !r.deleted()) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    Optional<SchemaRecord> version(String subject, int version) {
        NavigableMap<Integer, SchemaRecord> versions = subjects.get(subject);
        return Optional.ofNullable(versions == null ? null : versions.get(version));
    }

    int highestVersion(String subject) {
        NavigableMap<Integer, SchemaRecord> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    List<String> subjects(boolean includeDeleted) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, NavigableMap<Integer, SchemaRecord>> e : subjects.entrySet()) {
            if (includeDeleted || e.getValue().values().stream().anyMatch(r -> !r.deleted())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    Optional<SchemaRecord> byId(int id) {
        return Optional.ofNullable(firstById.get(id));
    }

    List<SchemaKey> keysOfId(int id) {
        return List.copyOf(keysById.getOrDefault(id, Set.of()));
    }

    Optional<Integer> idOf(String canonical) {
        return Optional.ofNullable(idByCanonical.get(canonical));
    }

    Optional<String> canonicalOfId(int id) {
        return Optional.ofNullable(canonicalById.get(id));
    }

    int maxId() {
        return maxId;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    Optional<CompatibilityLevel> globalLevel() {
        return Optional.ofNullable(globalLevel);
    }
}
