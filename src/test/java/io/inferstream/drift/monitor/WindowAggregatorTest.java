package io.inferstream.drift.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.drift.DriftSerdes;
import io.inferstream.drift.detect.AlertState;
import io.inferstream.drift.detect.DriftRule;
import io.inferstream.drift.detect.Hysteresis;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WindowAggregatorTest {

    private static final long WINDOW = 1_000;
    private static final long GRACE = 500;
    private static final Quantity X0 = new Quantity("m", 1, DriftKind.FEATURE, "x0", null, false);

    private final String scope = "window-aggregator-" + UUID.randomUUID();
    private final DriftCounters counters = new DriftCounters();
    private final Random random = new Random(3);
    private MockProcessorContext<String, DriftOutput> context;
    private WindowAggregator aggregator;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> windows = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DriftStores.WINDOWS),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        KeyValueStore<String, AlertState> alerts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DriftStores.ALERTS),
            Serdes.String(), DriftSerdes.alertState()).withLoggingDisabled().build();
        KeyValueStore<String, DriftReferenceProfile> references = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(DriftStores.REFERENCES), Serdes.String(),
            AvroSerdes.specific(DriftReferenceProfile.class, MockSchemaRegistry.forScope(scope), AvroSerdeConfig.of("mock://" + scope), false))
            .withLoggingDisabled().build();
        for (var store : List.of(windows, alerts, references)) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        references.put("m/1", new DriftFixtures(5).reference(5_000));
        aggregator = new WindowAggregator(WINDOW, GRACE, new WindowEvaluator(DriftRule.defaults(), Hysteresis.DEFAULT), counters,
            Clock.systemUTC());
        aggregator.init(context);
    }

    @AfterEach
    void tearDown() {
        MockSchemaRegistry.dropScope(scope);
    }

    private WindowPartial partial(long windowStart, int values) {
        WindowPartial p = WindowPartial.empty(X0, windowStart);
        for (int i = 0; i < values; i++) {
            p.add(random.nextGaussian());
        }
        return p;
    }

    private void send(String sender, WindowPartial p, long senderTime) {
        sendAt(sender, p, senderTime, System.currentTimeMillis());
    }

    private void sendAt(String sender, WindowPartial p, long senderTime, long wallClock) {
        context.setCurrentSystemTimeMs(wallClock);
        aggregator.process(new Record<>(X0.groupKey(), p, Math.min(senderTime, p.windowStart() + WINDOW + GRACE - 1),
            SenderProgress.headers(sender, senderTime)));
    }

    private List<io.inferstream.avro.DriftMetric> metrics() {
        return context.forwarded().stream().map(f -> f.record().value())
            .filter(v -> v instanceof DriftOutput.Metric).map(v -> ((DriftOutput.Metric) v).metric()).toList();
    }

    @Test
    void shouldMergeEverySendersPartialAndCloseOnlyWhenTheSlowestSenderHasPassedTheWindow() {
        send("0_0", partial(0, 300), 100);
        send("0_1", partial(0, 200), 100);
        send("0_0", partial(2_000, 10), 2_100); // sender 0_0 is past window 0's close (1,500); 0_1 is not
        assertThat(metrics()).isEmpty();

        send("0_1", partial(0, 100), 1_600);
        List<io.inferstream.avro.DriftMetric> out = metrics();
        assertThat(out).extracting(io.inferstream.avro.DriftMetric::getMetric)
            .containsExactly("psi", "ks", "ks_p_value", "jensen_shannon", "wasserstein_normed");
        assertThat(out).allSatisfy(m -> {
            assertThat(m.getCurrentCount()).isEqualTo(600);
            assertThat(m.getWindowStart().toEpochMilli()).isZero();
        });
        assertThat(context.forwarded()).allSatisfy(f -> assertThat(f.record().key()).isEqualTo("m/1/x0"));
    }

    @Test
    void shouldDropAndCountAPartialForAWindowAlreadyClosed() {
        send("0_0", partial(0, 200), 100);
        send("0_0", partial(2_000, 10), 2_100);
        assertThat(metrics()).hasSize(5);
        context.resetForwards();

        send("0_0", partial(0, 50), 2_100);
        assertThat(counters.get(DriftCounters.LATE_PARTIAL)).isEqualTo(1);
        assertThat(metrics()).isEmpty();
    }

    @Test
    void shouldStopWaitingForASenderThatWentQuiet() {
        send("0_0", partial(0, 200), 100);
        send("0_1", partial(0, 200), 100);
        send("0_0", partial(2_000, 10), 2_100);
        assertThat(metrics()).isEmpty();

        // 0_1 sends nothing more: once it is idle, the wall-clock check closes the window on 0_0's progress.
        long later = System.currentTimeMillis() + 5_000;
        sendAt("0_0", partial(2_000, 10), 2_200, later);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(later + WindowAggregator.SENDER_IDLE_MS);
        assertThat(metrics()).hasSize(5).allSatisfy(m -> assertThat(m.getCurrentCount()).isEqualTo(400));
    }

    @Test
    void shouldCloseTheLastWindowsOnTheWallClockWhenAllTrafficStops() {
        send("0_0", partial(0, 200), 100);
        send("0_1", partial(2_000, 200), 2_100);
        assertThat(metrics()).isEmpty();
        long lastSeen = context.currentSystemTimeMs();

        // Every sender quiet: time moves on from the newest event time (2,100) with the wall clock.
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(lastSeen + WindowAggregator.SENDER_IDLE_MS + 1);
        assertThat(metrics()).extracting(m -> m.getWindowStart().toEpochMilli()).containsOnly(0L, 2_000L).hasSize(10);
    }

    @Test
    void shouldPublishNothingForAQuantityWithoutReference() {
        Quantity unknown = new Quantity("other", 3, DriftKind.FEATURE, "z", null, false);
        WindowPartial p = WindowPartial.empty(unknown, 0);
        p.add(1.0);
        context.setCurrentSystemTimeMs(System.currentTimeMillis());
        aggregator.process(new Record<>(unknown.groupKey(), p, 100, SenderProgress.headers("0_0", 100)));
        send("0_0", partial(2_000, 10), 2_100);
        assertThat(counters.get(DriftCounters.NO_REFERENCE)).isEqualTo(1);
        assertThat(metrics()).noneMatch(m -> m.getModel().equals("other"));
    }
}
