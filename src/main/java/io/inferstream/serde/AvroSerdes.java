package io.inferstream.serde;

import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds Avro serdes, a new instance per call (serdes hold caches and a registry client; never make them static).
 *
 * <p>With a {@link SchemaRegistryClient} argument the caller owns the client (share one across the app's serdes);
 * with only a config the serde creates its own client and closes it on {@code close()}.
 */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /** Generated records of {@code type}; reads resolve to that class's schema. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, SchemaRegistryClient client,
                                                                   AvroSerdeConfig config, boolean isKey) {
        Objects.requireNonNull(type, "type");
        return new AvroSerde<>(new AvroSerializer<>(client, config, isKey),
                new AvroDeserializer<>(client, config, isKey, type, null), null);
    }

    /** As {@link #specific(Class, SchemaRegistryClient, AvroSerdeConfig, boolean)}, with its own client. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, AvroSerdeConfig config,
                                                                   boolean isKey) {
        SchemaRegistryClient client = ownClient(config);
        return new AvroSerde<>(new AvroSerializer<>(client, config, isKey),
                new AvroDeserializer<>(client, config, isKey, type, null), client);
    }

    /** From Confluent-style properties ({@code schema.registry.url}, {@code auto.register.schemas}, ...). */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, Map<String, ?> props,
                                                                   boolean isKey) {
        return specific(type, AvroSerdeConfig.fromProperties(props), isKey);
    }

    /**
     * GenericRecords; reads resolve to {@code readerSchema}, or use each record's writer schema when it is null.
     */
    public static AvroSerde<GenericRecord> generic(SchemaRegistryClient client, AvroSerdeConfig config,
                                                   Schema readerSchema, boolean isKey) {
        return new AvroSerde<>(new AvroSerializer<>(client, config, isKey),
                new AvroDeserializer<>(client, config, isKey, null, readerSchema), null);
    }

    /** As {@link #generic(SchemaRegistryClient, AvroSerdeConfig, Schema, boolean)}, with its own client. */
    public static AvroSerde<GenericRecord> generic(AvroSerdeConfig config, Schema readerSchema, boolean isKey) {
        SchemaRegistryClient client = ownClient(config);
        return new AvroSerde<>(new AvroSerializer<>(client, config, isKey),
                new AvroDeserializer<>(client, config, isKey, null, readerSchema), client);
    }

    public static AvroSerde<GenericRecord> generic(Map<String, ?> props, boolean isKey) {
        return generic(AvroSerdeConfig.fromProperties(props), null, isKey);
    }

    /**
     * Any Avro datum: records (generic or, with {@code specific.avro.reader}, generated), enums, fixed and
     * primitives (String, Integer, Long, Float, Double, Boolean, byte[]), as Confluent's KafkaAvroSerializer takes
     * them. What tools use when they do not know the topic's type ahead of time.
     */
    public static AvroSerde<Object> any(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        return new AvroSerde<>(new AvroSerializer<>(client, config, isKey),
                new AvroDeserializer<>(client, config, isKey, null, null), null);
    }

    public static AvroSerde<Object> any(AvroSerdeConfig config, boolean isKey) {
        SchemaRegistryClient client = ownClient(config);
        return new AvroSerde<>(new AvroSerializer<>(client, config, isKey),
                new AvroDeserializer<>(client, config, isKey, null, null), client);
    }

    private static SchemaRegistryClient ownClient(AvroSerdeConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.registry() == null) {
            throw new IllegalArgumentException("AvroSerdeConfig has no registry (schema.registry.url); "
                    + "set one or pass a SchemaRegistryClient");
        }
        return SchemaRegistryClients.create(config.registry());
    }
}
