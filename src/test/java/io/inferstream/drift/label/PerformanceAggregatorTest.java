package io.inferstream.drift.label;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.drift.monitor.DriftCounters;
import io.inferstream.drift.monitor.DriftOutput;
import io.inferstream.drift.monitor.DriftStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PerformanceAggregatorTest {

    private static final long WINDOW = 10_000;
    private static final long LABEL_WINDOW = 5_000;
    private static final PerformanceAggregator.Settings SETTINGS =
        new PerformanceAggregator.Settings(WINDOW, 0, LABEL_WINDOW, "probability", true, true, 3);

    private final DriftCounters counters = new DriftCounters();
    private final List<KeyValueStore<String, ?>> stores = new ArrayList<>();
    private MockProcessorContext<String, DriftOutput> context;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        add(DriftStores.PERFORMANCE_WINDOWS, Serdes.ByteArray());
        add(DriftStores.PERFORMANCE_DETECTORS, Serdes.ByteArray());
        add(DriftStores.PERFORMANCE_BINS, Serdes.Long());
        add(DriftStores.PERFORMANCE_DETECTOR_ALERTS, Serdes.Long());
        context.setCurrentSystemTimeMs(5_000_000);
    }

    private <V> void add(String name, Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
            .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        stores.add(store);
    }

    @AfterEach
    void tearDown() {
        stores.forEach(KeyValueStore::close);
    }

    private PerformanceAggregator aggregator() {
        PerformanceAggregator a = new PerformanceAggregator(SETTINGS, counters);
        a.init(context);
        return a;
    }

    private static Record<String, List<LabelledResult>> labelled(double score, double label, long t) {
        LabelledResult r = new LabelledResult("ctr", 2, score, label, t);
        return new Record<>(r.versionKey(), List.of(r), t);
    }

    private List<DriftMetric> metrics() {
        return context.forwarded().stream().map(f -> f.record().value()).filter(v -> v instanceof DriftOutput.Metric)
            .map(v -> ((DriftOutput.Metric) v).metric()).toList();
    }

    private List<DriftAlert> alerts() {
        return context.forwarded().stream().map(f -> f.record().value()).filter(v -> v instanceof DriftOutput.Alert)
            .map(v -> ((DriftOutput.Alert) v).alert()).toList();
    }

    /** Runs the latest aggregator's punctuator of this type (an earlier instance stands for one that is gone). */
    private void punctuate(PunctuationType type, long time) {
        context.scheduledPunctuators().stream().filter(p -> p.getType() == type).reduce((first, second) -> second).orElseThrow()
            .getPunctuator().punctuate(time);
    }

    @Test
    void shouldPublishAWindowOnlyOnceItsLabelsCanNoLongerArrive() {
        PerformanceAggregator a = aggregator();
        a.process(labelled(0.9, 1, 1_000));
        a.process(labelled(0.2, 0, 9_000));
        punctuate(PunctuationType.STREAM_TIME, WINDOW + LABEL_WINDOW - 1);
        assertThat(metrics()).isEmpty();

        punctuate(PunctuationType.STREAM_TIME, WINDOW + LABEL_WINDOW);

        assertThat(metrics()).extracting(DriftMetric::getMetric).containsExactly("log_loss", "auc", "accuracy",
            "expected_calibration_error", "mean_predicted", "observed_rate");
        assertThat(metrics()).allSatisfy(m -> {
            assertThat(m.getCurrentCount()).isEqualTo(2);
            assertThat(m.getFeature()).isEqualTo("probability");
            assertThat(m.getModel()).isEqualTo("ctr");
            assertThat(m.getModelVersion()).isEqualTo(2);
        });
        assertThat(stores.get(0).approximateNumEntries()).isZero();
        assertThat(stores.get(2).approximateNumEntries()).as("AUC bins of the closed window removed").isZero();
    }

    @Test
    void shouldTakeABatchAtOnce() {
        PerformanceAggregator a = aggregator();
        a.process(new Record<>("ctr/2", List.of(new LabelledResult("ctr", 2, 0.9, 1, 1_000), new LabelledResult("ctr", 2, 0.8, 1, 2_000),
            new LabelledResult("ctr", 2, 0.1, 0, 12_000)), 12_000));
        punctuate(PunctuationType.STREAM_TIME, 2 * WINDOW + LABEL_WINDOW);

        assertThat(metrics()).filteredOn(m -> m.getMetric().equals("observed_rate")).extracting(DriftMetric::getValue).containsExactly(1.0, 0.0);
        assertThat(stores.get(0).approximateNumEntries()).isZero();
    }

    @Test
    void shouldCountALabelledResultOfAClosedWindowAsLate() {
        PerformanceAggregator a = aggregator();
        a.process(labelled(0.9, 1, 1_000));
        punctuate(PunctuationType.STREAM_TIME, WINDOW + LABEL_WINDOW);
        a.process(labelled(0.1, 0, 2_000));

        assertThat(counters.get(DriftCounters.LABELLED_LATE)).isEqualTo(1);
        assertThat(stores.get(0).approximateNumEntries()).isZero();
    }

    @Test
    void shouldCloseTheLastWindowOnTheWallClockWhenTrafficStops() {
        PerformanceAggregator a = aggregator();
        a.process(labelled(0.9, 1, 1_000)); // at wall clock 5,000,000
        long closes = WINDOW + LABEL_WINDOW + PerformanceAggregator.WALL_CLOCK_MARGIN_MS - 1_000;
        punctuate(PunctuationType.WALL_CLOCK_TIME, 5_000_000 + closes - 1);
        assertThat(metrics()).isEmpty();

        punctuate(PunctuationType.WALL_CLOCK_TIME, 5_000_000 + closes);

        assertThat(metrics()).hasSize(6);
    }

    @Test
    void shouldCarryOnWithTheStoredWindowAfterARestart() {
        PerformanceAggregator a = aggregator();
        PerformanceWindow expected = new PerformanceWindow();
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            if (i == 150) {
                a = aggregator(); // a new instance on the same stores, as after a rebalance
            }
            double s = random.nextDouble();
            double y = random.nextDouble() < s ? 1 : 0;
            expected.add(s, y);
            a.process(labelled(s, y, 100 + i));
        }
        punctuate(PunctuationType.STREAM_TIME, WINDOW + LABEL_WINDOW);

        assertThat(metrics()).hasSize(6).allSatisfy(m -> assertThat(m.getValue()).isEqualTo(expected.metrics().get(m.getMetric())));
    }

    @Test
    void shouldRaiseAConceptDriftAlertWhenTheErrorRisesAndResolveItAfterQuietWindows() {
        PerformanceAggregator a = aggregator();
        Random random = new Random(9);
        long t = 0;
        for (int i = 0; i < 6_000; i++, t += 5) {
            double s = 0.05 + 0.9 * random.nextDouble();
            boolean shifted = i >= 3_000;
            a.process(labelled(s, random.nextDouble() < (shifted ? 1 - s : s) ? 1 : 0, t));
        }
        List<DriftAlert> fired = alerts();
        assertThat(fired).extracting(DriftAlert::getMetric).containsExactlyInAnyOrder("adwin", "page_hinkley");
        assertThat(fired).allSatisfy(alert -> {
            assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.getWindowStart().toEpochMilli()).isGreaterThanOrEqualTo(3_000 * 5 / WINDOW * WINDOW);
            assertThat(alert.getValue()).isGreaterThan(alert.getThreshold());
        });

        // No further detection on the (now stable) error: the alerts resolve when a window closes clearAfter windows
        // after the last detection.
        for (int i = 0; i < 5 * WINDOW / 50; i++, t += 50) {
            double s = 0.05 + 0.9 * random.nextDouble();
            a.process(labelled(s, random.nextDouble() < 1 - s ? 1 : 0, t));
        }
        punctuate(PunctuationType.STREAM_TIME, t + WINDOW + LABEL_WINDOW);
        assertThat(alerts()).filteredOn(x -> x.getStatus() == AlertStatus.RESOLVED).extracting(DriftAlert::getMetric)
            .containsExactlyInAnyOrder("adwin", "page_hinkley");
    }
}
