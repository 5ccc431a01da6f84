package io.inferstream.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rates and latency quantiles from the contract meters, registered here as the instrumented pipeline registers them. */
class PipelineStatusTest {

    private static final long SECOND = 1_000_000_000L;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PipelineMeters meters = new PipelineMeters(registry);

    @AfterEach
    void close() {
        registry.close();
    }

    private static Counter scored(MeterRegistry r, String version, String role) {
        return Counter.builder(PipelineMeters.REQUESTS_SCORED).tags("model", "ctr", "version", version, "role", role).register(r);
    }

    private static Timer requestLatency(MeterRegistry r, String model) {
        return Timer.builder(PipelineMeters.REQUEST_LATENCY).tag("model", model).publishPercentileHistogram().register(r);
    }

    @Test
    void shouldReadZerosAndNoLatencyFromARegistryWithoutPipelineMeters() {
        PipelineStatus s = PipelineStatus.between(meters.read(0, 0), meters.read(5 * SECOND, 5_000));

        assertThat(s.requestsPerSecond()).isZero();
        assertThat(s.eventsPerSecond()).isZero();
        assertThat(s.requestLatencyP99Ms()).isNull();
        assertThat(s.modelLatencyP99Ms()).isNull();
        assertThat(s.meanBatchRows()).isNull();
        assertThat(s.serving()).isEmpty();
        assertThat(s.openAlertCount()).isZero();
    }

    @Test
    void shouldComputeRatesOverTheTimeBetweenReadingsSummedOverTags() {
        Counter v1 = scored(registry, "1", "primary");
        Counter v2 = scored(registry, "2", "canary");
        Counter views = Counter.builder(PipelineMeters.RECOMMEND_EVENTS).tag("type", "VIEW").register(registry);
        Counter feeds = Counter.builder(PipelineMeters.RECOMMEND_FEEDS).register(registry);
        Counter dead = Counter.builder(PipelineMeters.DEAD_LETTERS).tags("topology", "scoring", "code", "BAD").register(registry);
        v1.increment(100);
        MeterReading before = meters.read(0, 0);
        v1.increment(900);
        v2.increment(100);
        views.increment(50);
        feeds.increment(10);
        dead.increment(2);

        PipelineStatus s = PipelineStatus.between(before, meters.read(4 * SECOND, 4_000));

        assertThat(s.seconds()).isEqualTo(4.0);
        assertThat(s.requestsPerSecond()).isEqualTo(250.0);
        assertThat(s.eventsPerSecond()).isEqualTo(12.5);
        assertThat(s.feedsPerSecond()).isEqualTo(2.5);
        assertThat(s.deadLettersPerSecond()).isEqualTo(0.5);
        assertThat(s.totalRequests()).isEqualTo(1100);
        assertThat(s.epochMillis()).isEqualTo(4_000);
    }

    @Test
    void shouldTakeTheP99OfTheRequestsTimedBetweenReadingsOnly() {
        Timer ctr = requestLatency(registry, "ctr");
        for (int i = 0; i < 1000; i++) {
            ctr.record(Duration.ofSeconds(1));
        }
        MeterReading before = meters.read(0, 0);
        for (int i = 0; i < 99; i++) {
            ctr.record(Duration.ofMillis(2));
        }
        ctr.record(Duration.ofMillis(40));

        PipelineStatus s = PipelineStatus.between(before, meters.read(SECOND, 1_000));

        // The slow second of earlier requests is gone; 2 ms requests fill 99 % of the recent ones.
        assertThat(s.requestLatencyP50Ms()).isBetween(1.0, 2.5);
        assertThat(s.requestLatencyP99Ms()).isBetween(1.0, 2.5);
    }

    @Test
    void shouldMergeTheLatencyOfEveryModel() {
        Timer a = requestLatency(registry, "a");
        Timer b = requestLatency(registry, "b");
        MeterReading before = meters.read(0, 0);
        for (int i = 0; i < 50; i++) {
            a.record(Duration.ofMillis(1));
            b.record(Duration.ofMillis(100));
        }

        PipelineStatus s = PipelineStatus.between(before, meters.read(SECOND, 1_000));

        assertThat(s.requestLatencyP99Ms()).isBetween(80.0, 120.0);
        assertThat(s.requestLatencyP50Ms()).isLessThanOrEqualTo(2.0);
    }

    @Test
    void shouldInterpolateInsideTheBucketTheQuantileFallsIn() {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        buckets.put(0.001, 0.0);
        buckets.put(0.002, 50.0);
        buckets.put(0.004, 100.0);
        MeterReading.Histogram h = new MeterReading.Histogram(100, 0.25, buckets);

        assertThat(PipelineStatus.quantile(h, 0.5)).isCloseTo(0.002, within(1e-12));
        assertThat(PipelineStatus.quantile(h, 0.75)).isCloseTo(0.003, within(1e-12));
        assertThat(PipelineStatus.quantile(h, 0.25)).isCloseTo(0.0015, within(1e-12));
        assertThat(PipelineStatus.quantile(MeterReading.Histogram.EMPTY, 0.99)).isNull();
    }

    @Test
    void shouldAnswerTheHighestBoundWhenTheQuantileIsAboveEveryBucket() {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        buckets.put(0.1, 10.0);

        assertThat(PipelineStatus.quantile(new MeterReading.Histogram(20, 30, buckets), 0.99)).isEqualTo(0.1);
    }

    @Test
    void shouldCountFromZeroWhenACounterWentDown() {
        MeterReading before = new MeterReading(0, 0, 500, 0, 0, 0, MeterReading.Histogram.EMPTY, MeterReading.Histogram.EMPTY,
            0, 0, java.util.List.of(), java.util.Map.of());
        MeterReading after = new MeterReading(2 * SECOND, 2_000, 40, 0, 0, 0, MeterReading.Histogram.EMPTY,
            MeterReading.Histogram.EMPTY, 0, 0, java.util.List.of(), java.util.Map.of());

        assertThat(PipelineStatus.between(before, after).requestsPerSecond()).isEqualTo(20.0);
    }

    @Test
    void shouldReportNoRateWithoutTimeBetweenReadings() {
        scored(registry, "1", "primary").increment(10);
        MeterReading r = meters.read(7, 0);

        assertThat(PipelineStatus.at(r).requestsPerSecond()).isZero();
        assertThat(PipelineStatus.at(r).totalRequests()).isEqualTo(10);
    }

    @Test
    void shouldReadServingSharesPrimaryFirstAndOpenAlertsPerSeverity() {
        AtomicReference<Double> canary = new AtomicReference<>(0.1);
        Gauge.builder(PipelineMeters.MODEL_SERVING, canary, AtomicReference::get).tags("model", "ctr", "version", "3", "role", "canary")
            .register(registry);
        Gauge.builder(PipelineMeters.MODEL_SERVING, () -> 0.9).tags("model", "ctr", "version", "2", "role", "primary").register(registry);
        Gauge.builder(PipelineMeters.DRIFT_ALERTS_OPEN, () -> 2).tags("model", "ctr", "severity", "WARNING").register(registry);
        Gauge.builder(PipelineMeters.DRIFT_ALERTS_OPEN, () -> 1).tags("model", "other", "severity", "WARNING").register(registry);
        Gauge.builder(PipelineMeters.DRIFT_ALERTS_OPEN, () -> 1).tags("model", "ctr", "severity", "CRITICAL").register(registry);

        PipelineStatus s = PipelineStatus.at(meters.read(0, 0));

        assertThat(s.serving()).containsExactly(new MeterReading.Serving("ctr", "2", "primary", 0.9),
            new MeterReading.Serving("ctr", "3", "canary", 0.1));
        assertThat(s.openAlerts()).containsEntry("WARNING", 3.0).containsEntry("CRITICAL", 1.0);
        assertThat(s.openAlertCount()).isEqualTo(4);
    }

    @Test
    void shouldTakeTheMeanBatchOfTheBatchesBetweenReadings() {
        DistributionSummary batch = DistributionSummary.builder(PipelineMeters.BATCH_SIZE).tag("model", "ctr").register(registry);
        batch.record(64);
        MeterReading before = meters.read(0, 0);
        batch.record(10);
        batch.record(20);

        assertThat(PipelineStatus.between(before, meters.read(SECOND, 1_000)).meanBatchRows()).isEqualTo(15.0);
    }

    /** A SimpleMeterRegistry keeps no percentile-histogram buckets: rates, but no quantile to compute. */
    @Test
    void shouldReadRatesButNoQuantileFromARegistryWithoutHistogramBuckets() {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        Counter c = scored(simple, "1", "primary");
        Timer t = requestLatency(simple, "ctr");
        PipelineMeters m = new PipelineMeters(simple);
        MeterReading before = m.read(0, 0);
        c.increment(30);
        for (int i = 0; i < 10; i++) {
            t.record(Duration.ofMillis(5));
        }

        PipelineStatus s = PipelineStatus.between(before, m.read(3 * SECOND, 3_000));

        assertThat(s.requestsPerSecond()).isEqualTo(10.0);
        assertThat(s.requestLatencyP99Ms()).isNull();
    }
}
