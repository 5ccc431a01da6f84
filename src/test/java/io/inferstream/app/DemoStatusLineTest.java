package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.ops.dashboard.MeterReading;
import io.inferstream.ops.dashboard.PipelineStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DemoStatusLineTest {

    private static PipelineStatus status(double requests, Double p99, double events, List<MeterReading.Serving> serving,
                                         Map<String, Double> alerts) {
        return new PipelineStatus(0, 5, requests, events, 0, 0, null, p99, null, null, serving, alerts, 0, 0, 0, 0);
    }

    @Test
    void shouldShowRatesP99ServingVersionsAndOpenAlerts() {
        Map<String, Double> alerts = new TreeMap<>(Map.of("CRITICAL", 1.0, "WARNING", 2.0));
        PipelineStatus s = status(198.4, 12.345, 301.2, List.of(new MeterReading.Serving("ctr", "2", "primary", 0.9),
            new MeterReading.Serving("ctr", "3", "canary", 0.1), new MeterReading.Serving("ctr", "4", "shadow", 1.0)), alerts);

        assertThat(DemoStatusLine.format(s))
            .isEqualTo("198 req/s | p99 12.3 ms | 301 events/s | ctr v2 90%, v3 canary 10%, v4 shadow | alerts: 1 critical, 2 warning");
    }

    @Test
    void shouldShowDashesAndNoneBeforeAnythingHappened() {
        assertThat(DemoStatusLine.format(status(0, null, 0, List.of(), Map.of())))
            .isEqualTo("0 req/s | p99 - | 0 events/s | serving: - | alerts: none");
    }

    @Test
    void shouldKeepADecimalForSlowRatesAndWholeMillisecondsForSlowRequests() {
        assertThat(DemoStatusLine.rate(2.345)).isEqualTo("2.3");
        assertThat(DemoStatusLine.rate(12_345.6)).isEqualTo("12,346");
        assertThat(DemoStatusLine.format(status(1, 250.4, 0, List.of(), Map.of()))).contains("p99 250 ms");
    }

    @Test
    void shouldListEveryModelAndSkipSeveritiesWithNoOpenAlert() {
        String line = DemoStatusLine.format(status(1, 1.0, 1, List.of(new MeterReading.Serving("a", "1", "primary", 1.0),
            new MeterReading.Serving("b", "7", "primary", 1.0)), Map.of("WARNING", 0.0)));

        assertThat(line).contains("a v1 100%; b v7 100%").endsWith("alerts: none");
    }
}
