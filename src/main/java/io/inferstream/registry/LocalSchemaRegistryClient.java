package io.inferstream.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A {@link SchemaRegistryClient} that calls an in-process {@link SchemaRegistryService} directly, with no HTTP:
 * what {@code mock://scope} URLs give (see {@link MockSchemaRegistry}) and what a process hosting the registry
 * uses itself. Failures are the same {@link RegistryException}s the REST API would answer.
 */
public final class LocalSchemaRegistryClient implements SchemaRegistryClient {

    private final SchemaRegistryService service;
    private final boolean ownsService;

    /** A client of a registry someone else closes. */
    public LocalSchemaRegistryClient(SchemaRegistryService service) {
        this(service, false);
    }

    /** @param ownsService close the service (and its store) when this client is closed */
    public LocalSchemaRegistryClient(SchemaRegistryService service, boolean ownsService) {
        this.service = Objects.requireNonNull(service, "service");
        this.ownsService = ownsService;
    }

    public SchemaRegistryService service() {
        return service;
    }

    @Override
    public int register(String subject, Schema schema) {
        return service.register(subject, text(schema));
    }

    @Override
    public SchemaVersion lookup(String subject, Schema schema) {
        return toVersion(service.lookup(subject, text(schema)));
    }

    @Override
    public Schema getById(int id) {
        return parse(service.getById(id));
    }

    @Override
    public SchemaVersion getVersion(String subject, int version) {
        return toVersion(service.getVersion(subject, version));
    }

    @Override
    public SchemaVersion getLatest(String subject) {
        return toVersion(service.getLatest(subject));
    }

    @Override
    public List<String> subjects() {
        return service.subjects(false);
    }

    @Override
    public List<Integer> versions(String subject) {
        return service.versions(subject, false);
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return service.globalCompatibility();
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return service.subjectCompatibility(subject);
    }

    @Override
    public CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
        return service.setGlobalCompatibility(level);
    }

    @Override
    public CompatibilityLevel setSubjectCompatibility(String subject, CompatibilityLevel level) {
        return service.setSubjectCompatibility(subject, level);
    }

    @Override
    public boolean testCompatibility(String subject, String version, Schema schema) {
        return service.testCompatibility(subject, version, text(schema)).compatible();
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return service.deleteSubject(subject, permanent);
    }

    @Override
    public int deleteVersion(String subject, int version, boolean permanent) {
        return service.deleteVersion(subject, Integer.toString(version), permanent);
    }

    @Override
    public void close() {
        if (ownsService) {
            service.close();
        }
    }

    private static String text(Schema schema) {
        return Objects.requireNonNull(schema, "schema").toString();
    }

    private static Schema parse(RegisteredSchema registered) {
        return AvroSchemas.parse(registered.schema());
    }

    private static SchemaVersion toVersion(RegisteredSchema r) {
        return new SchemaVersion(r.subject(), r.version(), r.id(), parse(r));
    }
}
