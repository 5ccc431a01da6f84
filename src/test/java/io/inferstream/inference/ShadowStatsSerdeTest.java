package io.inferstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ShadowStatsSerdeTest {

    private final ShadowStatsSerde serde = new ShadowStatsSerde();

    @Test
    void shouldRoundTripStatsIncludingNaNAndNonAsciiModelNames() {
        ShadowStats s = new ShadowStats("modèle-ctr", 4, 5, 10, 7, 2, 8, 3.25, Double.NaN);
        byte[] bytes = serde.serializer().serialize("t", s);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(s);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldRejectTruncatedUnknownVersionAndTrailingBytesNamingTheTopic() {
        byte[] bytes = serde.serializer().serialize("t", new ShadowStats("m", 1, 2, 1, 1, 0, 1, 0.5, 0.5));
        assertThatThrownBy(() -> serde.deserializer().deserialize("store-changelog", Arrays.copyOf(bytes, bytes.length - 3)))
            .isInstanceOf(SerializationException.class).hasMessageContaining("store-changelog").hasMessageContaining("truncated");
        byte[] wrongVersion = bytes.clone();
        wrongVersion[0] = 9;
        assertThatThrownBy(() -> serde.deserializer().deserialize("x", wrongVersion))
            .isInstanceOf(SerializationException.class).hasMessageContaining("format version 9");
        assertThatThrownBy(() -> serde.deserializer().deserialize("x", Arrays.copyOf(bytes, bytes.length + 1)))
            .isInstanceOf(SerializationException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> serde.deserializer().deserialize("x", new byte[0]))
            .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
    }

    @Test
    void shouldMergeCountsSumsAndMaxIgnoringComparisonsWithoutADifference() {
        ShadowStats errorOnly = new ShadowStats("m", 1, 2, 1, 0, 1, 0, 0, Double.NaN);
        ShadowStats compared = new ShadowStats("m", 1, 2, 2, 1, 0, 2, 3.0, 2.0);
        ShadowStats merged = errorOnly.merge(compared).merge(errorOnly);
        assertThat(merged).isEqualTo(new ShadowStats("m", 1, 2, 4, 1, 2, 2, 3.0, 2.0));
        assertThat(merged.agreementRate()).isEqualTo(0.25);
        assertThat(merged.errorRate()).isEqualTo(0.5);
        assertThat(merged.meanAbsDiff()).isEqualTo(1.5);
        assertThat(errorOnly.merge(errorOnly).meanAbsDiff()).isNaN();
        assertThat(errorOnly.merge(errorOnly).diffMax()).isNaN();
    }
}
