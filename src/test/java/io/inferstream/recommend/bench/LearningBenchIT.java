package io.inferstream.recommend.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tiny run of the learning benchmark: both guarantees learn every event and report rates and staleness. */
class LearningBenchIT {

    @Test
    void shouldLearnEveryEventUnderBothGuarantees() throws Exception {
        long n = Long.getLong("learning.bench.events", 2_000);
        Map<String, LearningBench.Result> results = LearningBench.run(new LearningBench.Options(n, 4, Duration.ofMinutes(2)));

        assertThat(results).containsOnlyKeys("exactly_once_v2", "at_least_once");
        results.forEach((guarantee, r) -> {
            assertThat(r.events()).as(guarantee).isEqualTo(n);
            assertThat(r.eventsPerSecond()).as(guarantee).isPositive().isFinite();
            assertThat(r.stalenessP99()).as(guarantee).isGreaterThanOrEqualTo(r.stalenessP50()).isNotNegative();
            assertThat(r.visibilityLagP99Ms()).as(guarantee).isGreaterThanOrEqualTo(r.visibilityLagP50Ms());
            System.out.println("LEARNING " + r);
        });
    }
}
