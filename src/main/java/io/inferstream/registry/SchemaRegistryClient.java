package io.inferstream.registry;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The Confluent Schema Registry REST API v1, as a Java interface.
 *
 * <p>Two implementations: {@code HttpSchemaRegistryClient} speaks HTTP to any Confluent-compatible registry
 * (Confluent's own or Inferstream's embedded one); {@code LocalSchemaRegistryClient} calls an in-process
 * registry directly, which is what {@code mock://scope} URLs give, as Confluent's serdes do. Obtain one
 * with {@link SchemaRegistryClients#create}.
 *
 * <p>Every failure the registry reports is a {@link RegistryException} carrying Confluent's HTTP status and
 * {@code error_code} (40401 subject not found, 40402 version not found, 40403 schema not found, 409
 * incompatible, 42201 invalid schema, 40408 no subject-level config, ...).
 */
public interface SchemaRegistryClient extends Closeable {

    /** POST /subjects/{subject}/versions: registers (or finds) the schema under the subject; returns its global id. */
    int register(String subject, Schema schema);

    /** POST /subjects/{subject}: the registered version of this exact schema under the subject. */
    SchemaVersion lookup(String subject, Schema schema);

    /** GET /schemas/ids/{id}. */
    Schema getById(int id);

    /** GET /subjects/{subject}/versions/{version}. */
    SchemaVersion getVersion(String subject, int version);

    /** GET /subjects/{subject}/versions/latest. */
    SchemaVersion getLatest(String subject);

    /** GET /subjects. */
    List<String> subjects();

    /** GET /subjects/{subject}/versions. */
    List<Integer> versions(String subject);

    /** GET /config (global level). */
    CompatibilityLevel globalCompatibility();

    /** GET /config/{subject}: empty when the subject has no level of its own (Confluent answers 404, 40408). */
    Optional<CompatibilityLevel> subjectCompatibility(String subject);

    /** PUT /config. */
    CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level);

    /** PUT /config/{subject}. */
    CompatibilityLevel setSubjectCompatibility(String subject, CompatibilityLevel level);

    /** POST /compatibility/subjects/{subject}/versions/{version}; version is a number or "latest". */
    boolean testCompatibility(String subject, String version, Schema schema);

    /** DELETE /subjects/{subject}[?permanent=true]: the versions deleted. */
    List<Integer> deleteSubject(String subject, boolean permanent);

    /** DELETE /subjects/{subject}/versions/{version}[?permanent=true]: the version deleted. */
    int deleteVersion(String subject, int version, boolean permanent);

    @Override
    void close();
}
