package io.inferstream.serde;

import java.util.Map;
import org.apache.avro.Schema;

/**
 * Chooses the registry subject a record's schema is registered under, as Confluent's
 * {@code value.subject.name.strategy} / {@code key.subject.name.strategy} do. Implementations must be stateless
 * and have a public no-arg constructor, so they can be named in configuration.
 */
public interface SubjectNameStrategy {

    /**
     * @param topic  the topic written to
     * @param isKey  whether the schema is the record key's
     * @param schema the schema being written
     */
    String subjectName(String topic, boolean isKey, Schema schema);

    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (Confluent's default). */
    TopicNameStrategy TOPIC = new TopicNameStrategy();
    /** The record's full name: one lineage per record type, shared by every topic carrying it. */
    RecordNameStrategy RECORD = new RecordNameStrategy();
    /** {@code <topic>-<full record name>}: several record types per topic, each with its own lineage. */
    TopicRecordNameStrategy TOPIC_RECORD = new TopicRecordNameStrategy();

    /**
     * Resolves a configured strategy: an instance, a Class, or a class name. Confluent's class names
     * ({@code io.confluent.kafka.serializers.subject.*}) and the simple names map to Inferstream's equivalents.
     *
     * @throws IllegalArgumentException naming the value when it is not a strategy
     */
    static SubjectNameStrategy from(Object configured) {
        if (configured == null) {
            return TOPIC;
        }
        if (configured instanceof SubjectNameStrategy s) {
            return s;
        }
        String name = configured instanceof Class<?> c ? c.getName() : configured.toString().trim();
        Map<String, SubjectNameStrategy> known = Map.of(
                "TopicNameStrategy", TOPIC, "RecordNameStrategy", RECORD, "TopicRecordNameStrategy", TOPIC_RECORD);
        String simple = name.substring(name.lastIndexOf('.') + 1);
        if (known.containsKey(simple) && (name.equals(simple)
                || name.startsWith("io.confluent.kafka.serializers.subject.")
                || name.startsWith(SubjectNameStrategy.class.getPackageName() + "."))) {
            return known.get(simple);
        }
        try {
            Class<?> c = Class.forName(name, true, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : SubjectNameStrategy.class.getClassLoader());
            if (!SubjectNameStrategy.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException("Subject name strategy " + name + " does not implement "
                        + SubjectNameStrategy.class.getName());
            }
            return (SubjectNameStrategy) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Unknown subject name strategy '" + name
                    + "': use TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy or a class implementing "
                    + SubjectNameStrategy.class.getName(), e);
        }
    }

    /** The full name of a named schema; a clear error for primitives, which have none. */
    static String fullName(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> schema.getFullName();
            default -> throw new IllegalArgumentException("Record name strategies need a named schema (record, enum, "
                    + "fixed); got " + schema.getType() + ". Use TopicNameStrategy for primitive keys/values.");
        };
    }
}
