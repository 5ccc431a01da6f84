package io.inferstream.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A tiny run of the benchmark: every scenario gets every result, and the batching it reports is the one configured. */
class InferenceBenchIT {

    @Test
    void shouldScoreEveryRequestInEveryScenarioAndReportTheBatchingUsed() throws Exception {
        int n = 300;
        InferenceBench.Result result = InferenceBench.run(new InferenceBench.Options(n, 0.2, Duration.ofMinutes(2)).withWarmUp(1).withOverhead(2, false));

        assertThat(result.scenarios()).containsOnlyKeys("exactly_once_v2", "at_least_once", "exactly_once_v2_batch_1");
        // steady rates of a tiny run may be NaN (every result in one poll), as for the scenarios
        assertThat(result.overhead().without()).hasSize(2).allMatch(v -> v > 0 || v.isNaN());
        assertThat(result.overhead().with()).hasSize(2).allMatch(v -> v > 0 || v.isNaN());
        result.scenarios().forEach((name, s) -> {
            assertThat(s.requests()).as(name).isEqualTo(n);
            assertThat(s.meanBatchSize()).as(name).isBetween(1.0, 64.0);
            assertThat(s.resultsPerSecondInclStartup()).as(name).isPositive().isFinite();
            assertThat(s.meanModelCallMicros()).as(name).isNotNegative();
        });
        assertThat(result.scenarios().get("exactly_once_v2_batch_1").meanBatchSize()).isEqualTo(1.0);
        assertThat(result.direct().batch1RowsPerSecond()).isPositive().isFinite();
        assertThat(result.direct().batch64RowsPerSecond()).isPositive().isFinite();
        assertThat(result.cores()).isPositive();
    }
}
