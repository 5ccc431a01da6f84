package io.inferstream.drift;

import io.inferstream.drift.detect.Adwin;
import io.inferstream.drift.detect.AlertState;
import io.inferstream.drift.detect.PageHinkley;
import io.inferstream.drift.profile.CategoricalDistribution;
import io.inferstream.drift.profile.NumericDistribution;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Kafka serdes for the drift monitor's state (state stores, the compacted reference topic), over each
 * class's own versioned byte format. A record that does not parse fails with a {@link
 * SerializationException} naming the type, as Kafka's deserialization handlers expect.
 */
public final class DriftSerdes {

    private DriftSerdes() {
    }

    public static Serde<NumericDistribution> numeric() {
        return serde(NumericDistribution::toBytes, NumericDistribution::fromBytes, "numeric profile");
    }

    public static Serde<CategoricalDistribution> categorical() {
        return serde(CategoricalDistribution::toBytes, CategoricalDistribution::fromBytes, "categorical profile");
    }

    public static Serde<AlertState> alertState() {
        return serde(AlertState::toBytes, AlertState::fromBytes, "alert state");
    }

    public static Serde<Adwin> adwin() {
        return serde(Adwin::toBytes, Adwin::fromBytes, "ADWIN state");
    }

    public static Serde<PageHinkley> pageHinkley() {
        return serde(PageHinkley::toBytes, PageHinkley::fromBytes, "Page-Hinkley state");
    }

    private static <T> Serde<T> serde(Function<T, byte[]> write, Function<byte[], T> read, String what) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : write.apply(value),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try {
                        return read.apply(bytes);
                    } catch (IllegalArgumentException e) {
                        throw new SerializationException("not a " + what + " on " + topic + ": " + e.getMessage(), e);
                    }
                });
    }
}
