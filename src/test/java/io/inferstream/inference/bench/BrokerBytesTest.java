package io.inferstream.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerBytesTest {

    private static final String PREFIX = "bench-overhead_1_exactly_once_v2_with_drift-";

    @Test
    void shouldGroupTheScenariosTopicsAndLeaveOutOtherScenarios() {
        assertThat(BrokerBytes.group(PREFIX + "inference-results", PREFIX)).isEqualTo(BrokerBytes.SCORING);
        assertThat(BrokerBytes.group(PREFIX + "app-inference-request-buffer-changelog", PREFIX)).isEqualTo(BrokerBytes.SCORING);
        assertThat(BrokerBytes.group(PREFIX + "drift-observations", PREFIX)).isEqualTo(BrokerBytes.OBSERVATIONS);
        assertThat(BrokerBytes.group(PREFIX + "drift-app-drift-label-pending-changelog", PREFIX)).isEqualTo(BrokerBytes.DRIFT);
        assertThat(BrokerBytes.group("__transaction_state", PREFIX)).isEqualTo(BrokerBytes.INTERNAL);
        assertThat(BrokerBytes.group("bench-overhead_2_exactly_once_v2-inference-results", PREFIX)).isNull();
    }

    @Test
    void shouldReportBytesPerResultPerGroupCountingTopicsFirstSeenFromZero() {
        Map<String, Long> from = Map.of(PREFIX + "inference-results", 1_000L, "__consumer_offsets", 50L);
        Map<String, Long> to = Map.of(PREFIX + "inference-results", 16_000L, "__consumer_offsets", 150L,
            PREFIX + "drift-observations", 2_000L, PREFIX + "drift-app-drift-window-sketches-changelog", 500L,
            "bench-exactly_once_v2-inference-results", 99_999L);

        Map<String, Double> perResult = BrokerBytes.perResult(from, to, 100, PREFIX);

        assertThat(perResult).containsExactly(Map.entry(BrokerBytes.SCORING, 150.0), Map.entry(BrokerBytes.OBSERVATIONS, 20.0),
            Map.entry(BrokerBytes.DRIFT, 5.0), Map.entry(BrokerBytes.INTERNAL, 1.0));
    }
}
