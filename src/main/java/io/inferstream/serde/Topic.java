package io.inferstream.serde;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic with the serdes of its keys and values, so a topology names both in one place and cannot pair a topic
 * with the wrong serde.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Topic {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Topic name must not be blank");
        }
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    /** For {@code builder.stream(topic.name(), topic.consumed())}. */
    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde);
    }

    /** Consumed with a processor name (stable topology node names). */
    public Consumed<K, V> consumed(String processorName) {
        return Consumed.with(keySerde, valueSerde).withName(processorName);
    }

    /** For {@code stream.to(topic.name(), topic.produced())}. */
    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde);
    }

    /** Produced with a processor name (stable topology node names). */
    public Produced<K, V> produced(String processorName) {
        return Produced.with(keySerde, valueSerde).withName(processorName);
    }

    @Override
    public String toString() {
        return "Topic[" + name + "]";
    }
}
