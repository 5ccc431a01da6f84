package io.inferstream.drift.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.avro.DriftKind;
import io.inferstream.drift.label.JoinInput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservationsTest {

    private static final Quantity X0 = new Quantity("m", 1, DriftKind.FEATURE, "x0", null, false);

    @Test
    void shouldRoundTripAWindowPartial() {
        WindowPartial p = WindowPartial.empty(X0, 10_000);
        p.add(1.5);
        p.add(2.5);

        DriftOutput back = Observations.fromBytes(Observations.toBytes(new DriftOutput.Partial(p)));

        WindowPartial q = ((DriftOutput.Partial) back).partial();
        assertThat(q.quantity()).isEqualTo(X0);
        assertThat(q.windowStart()).isEqualTo(10_000);
        assertThat(q.toBytes()).isEqualTo(p.toBytes());
    }

    @Test
    void shouldRoundTripABootstrapPartial() {
        BootstrapPartial b = new BootstrapPartial("m", 1, Map.of("x0", "features[0]"));
        b.of(X0).add(3.0);
        b.addRows(1);

        DriftOutput back = Observations.fromBytes(Observations.toBytes(new DriftOutput.Bootstrap(b)));

        assertThat(((DriftOutput.Bootstrap) back).partial().toBytes()).isEqualTo(b.toBytes());
    }

    @Test
    void shouldRoundTripALabelJoinBatch() {
        List<JoinInput.Entry> batch = List.of(new JoinInput.Entry("r1", new JoinInput.Prediction("ctr", 2, 0.25, 1_000)),
            new JoinInput.Entry("r2", new JoinInput.Feedback(1.0, 2_000, "labels")));

        DriftOutput back = Observations.fromBytes(Observations.toBytes(new DriftOutput.Join(batch)));

        assertThat(((DriftOutput.Join) back).entries()).isEqualTo(batch);
    }

    @Test
    void shouldRejectEmptyUnknownAndTruncatedValuesWithAReason() {
        assertThatThrownBy(() -> Observations.fromBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Observations.fromBytes(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Observations.fromBytes(new byte[] {'Z', 1, 2})).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown drift observation kind");
        byte[] whole = Observations.toBytes(new DriftOutput.Join(List.of(new JoinInput.Entry("r1", new JoinInput.Prediction("ctr", 2, 0.5, 1)))));
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 3);
        assertThatThrownBy(() -> Observations.fromBytes(truncated)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Observations.toBytes(new DriftOutput.Metric(null))).isInstanceOf(IllegalArgumentException.class);
    }
}
