package io.inferstream.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.drift.detect.Adwin;
import io.inferstream.drift.detect.AlertState;
import io.inferstream.drift.detect.PageHinkley;
import io.inferstream.drift.detect.Severity;
import io.inferstream.drift.profile.CategoricalDistribution;
import io.inferstream.drift.profile.NumericDistribution;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class DriftSerdesTest {

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    @Test
    void shouldRoundTripEveryStateType() {
        assertThat(roundTrip(DriftSerdes.numeric(), NumericDistribution.of(1, 2, 3)).count()).isEqualTo(3);
        assertThat(roundTrip(DriftSerdes.categorical(), CategoricalDistribution.of("a", "b")).counts()).containsKeys("a", "b");
        AlertState state = new AlertState(true, Severity.CRITICAL, 4, 1);
        assertThat(roundTrip(DriftSerdes.alertState(), state)).isEqualTo(state);
        Adwin adwin = new Adwin();
        for (int i = 0; i < 100; i++) {
            adwin.update(i % 3 == 0 ? 1 : 0);
        }
        assertThat(roundTrip(DriftSerdes.adwin(), adwin).width()).isEqualTo(100);
        PageHinkley ph = new PageHinkley();
        ph.update(1);
        assertThat(roundTrip(DriftSerdes.pageHinkley(), ph).count()).isEqualTo(1);
        assertThat(roundTrip(DriftSerdes.numeric(), null)).isNull();
    }

    @Test
    void shouldFailWithSerializationExceptionOnForeignBytes() {
        assertThatThrownBy(() -> DriftSerdes.numeric().deserializer().deserialize("store-changelog", new byte[] {42}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("numeric profile").hasMessageContaining("store-changelog");
        assertThatThrownBy(() -> DriftSerdes.alertState().deserializer().deserialize("t", new byte[] {1, 1}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> new AlertState(true, Severity.NONE, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
