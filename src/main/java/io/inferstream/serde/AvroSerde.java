package io.inferstream.serde;

import io.inferstream.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An {@link AvroSerializer} and {@link AvroDeserializer} pair as a Kafka {@link Serde}. Build per use with
 * {@link AvroSerdes}; never share a static mutable one.
 */
public class AvroSerde<T> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;
    private final SchemaRegistryClient ownedClient;

    /** For Kafka's reflective construction (e.g. default.value.serde); call {@link #configure}. */
    public AvroSerde() {
        this(new AvroSerializer<>(), new AvroDeserializer<>(), null);
    }

    /**
     * @param ownedClient a client this serde closes on {@link #close}, or null when the caller owns it
     */
    public AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer, SchemaRegistryClient ownedClient) {
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        this.ownedClient = ownedClient;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
        if (ownedClient != null) {
            ownedClient.close();
        }
    }
}
