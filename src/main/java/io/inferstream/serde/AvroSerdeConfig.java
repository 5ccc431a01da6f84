package io.inferstream.serde;

import io.inferstream.registry.RegistryClientConfig;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Serde options, readable from Confluent's property names so a KafkaAvroSerializer config works unchanged.
 *
 * @param registry                  how to reach the registry; null when the serde is given a client directly
 * @param autoRegisterSchemas       {@code auto.register.schemas}: register the record's schema (true, default) or
 *                                  only look it up and fail clearly when it is not registered (false)
 * @param useLatestVersion          {@code use.latest.version}: write with the subject's latest registered schema
 *                                  (records are converted to it by Avro schema resolution; it must be able to read
 *                                  the record's schema); only when auto-register is off, as in Confluent
 * @param specificAvroReader        {@code specific.avro.reader}: deserialize to generated classes rather than
 *                                  GenericRecord when no target class is given
 * @param keySubjectNameStrategy    {@code key.subject.name.strategy}
 * @param valueSubjectNameStrategy  {@code value.subject.name.strategy}
 */
public record AvroSerdeConfig(
        RegistryClientConfig registry,
        boolean autoRegisterSchemas,
        boolean useLatestVersion,
        boolean specificAvroReader,
        SubjectNameStrategy keySubjectNameStrategy,
        SubjectNameStrategy valueSubjectNameStrategy) {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    /** Confluent's names for the generated class a reflectively-built deserializer reads into. */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

    public AvroSerdeConfig {
        Objects.requireNonNull(keySubjectNameStrategy, "keySubjectNameStrategy");
        Objects.requireNonNull(valueSubjectNameStrategy, "valueSubjectNameStrategy");
    }

    /** Confluent's defaults (auto-register, topic-name subjects, generic reader) with no registry configured. */
    public static AvroSerdeConfig defaults() {
        return new AvroSerdeConfig(null, true, false, false, SubjectNameStrategy.TOPIC, SubjectNameStrategy.TOPIC);
    }

    /** Defaults plus the given registry URL(s). */
    public static AvroSerdeConfig of(String registryUrls) {
        return defaults().withRegistry(RegistryClientConfig.of(registryUrls));
    }

    /**
     * Reads {@value #AUTO_REGISTER_SCHEMAS}, {@value #USE_LATEST_VERSION}, {@value #SPECIFIC_AVRO_READER},
     * the two subject name strategies and, when {@code schema.registry.url} is present, the registry client
     * settings ({@link RegistryClientConfig#fromProperties}).
     */
    public static AvroSerdeConfig fromProperties(Map<String, ?> props) {
        RegistryClientConfig registry = props.get(RegistryClientConfig.URL) == null ? null
                : RegistryClientConfig.fromProperties(props);
        return new AvroSerdeConfig(registry,
                bool(props, AUTO_REGISTER_SCHEMAS, true),
                bool(props, USE_LATEST_VERSION, false),
                bool(props, SPECIFIC_AVRO_READER, false),
                SubjectNameStrategy.from(props.get(KEY_SUBJECT_NAME_STRATEGY)),
                SubjectNameStrategy.from(props.get(VALUE_SUBJECT_NAME_STRATEGY)));
    }

    public AvroSerdeConfig withRegistry(RegistryClientConfig r) {
        return new AvroSerdeConfig(r, autoRegisterSchemas, useLatestVersion, specificAvroReader,
                keySubjectNameStrategy, valueSubjectNameStrategy);
    }

    public AvroSerdeConfig withAutoRegister(boolean on) {
        return new AvroSerdeConfig(registry, on, useLatestVersion, specificAvroReader,
                keySubjectNameStrategy, valueSubjectNameStrategy);
    }

    public AvroSerdeConfig withUseLatestVersion(boolean on) {
        return new AvroSerdeConfig(registry, autoRegisterSchemas, on, specificAvroReader,
                keySubjectNameStrategy, valueSubjectNameStrategy);
    }

    public AvroSerdeConfig withSpecificAvroReader(boolean on) {
        return new AvroSerdeConfig(registry, autoRegisterSchemas, useLatestVersion, on,
                keySubjectNameStrategy, valueSubjectNameStrategy);
    }

    /** Same strategy for keys and values. */
    public AvroSerdeConfig withSubjectNameStrategy(SubjectNameStrategy s) {
        return new AvroSerdeConfig(registry, autoRegisterSchemas, useLatestVersion, specificAvroReader, s, s);
    }

    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return isKey ? keySubjectNameStrategy : valueSubjectNameStrategy;
    }

    private static boolean bool(Map<String, ?> props, String key, boolean def) {
        Object v = props.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("Property " + key + " must be true or false, got '" + v + "'");
    }
}
