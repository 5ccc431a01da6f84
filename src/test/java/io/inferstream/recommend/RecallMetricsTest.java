package io.inferstream.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.DriftMetric;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sum of the tasks' recall counts waits for the slowest task, not for the newest window reported. */
class RecallMetricsTest {

    private static final long W = 60_000;
    private static final long IDLE = 70_000;

    private final MockProcessorContext<String, DriftMetric> context = new MockProcessorContext<>();
    private KeyValueStore<Long, EvalCounts> sums;
    private KeyValueStore<Integer, EvalCounts> watermarks;
    private RecallMetrics.Summer summer;

    @BeforeEach
    void setUp() {
        sums = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RecallMetrics.SUMS), Serdes.Long(), EvalCounts.serde())
            .withLoggingDisabled().build();
        watermarks = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RecallMetrics.WATERMARKS), Serdes.Integer(), EvalCounts.serde())
            .withLoggingDisabled().build();
        sums.init(context.getStateStoreContext(), sums);
        watermarks.init(context.getStateStoreContext(), watermarks);
        context.addStateStore(sums);
        context.addStateStore(watermarks);
        context.setCurrentSystemTimeMs(0);
        summer = new RecallMetrics.Summer("recall_at_10", W, IDLE, 2);
        summer.init(context);
    }

    @AfterEach
    void tearDown() {
        sums.close();
        watermarks.close();
    }

    private void progress(int task, long watermark, Map<Long, EvalCounts> closed) {
        summer.process(new Record<>(RecallMetrics.KEY, new EvalProgress(task, watermark, closed), 0));
    }

    private List<DriftMetric> published() {
        return context.forwarded().stream().map(CapturedForward::record).map(r -> (DriftMetric) r.value()).toList();
    }

    @Test
    void shouldPublishAWindowOnlyOnceEveryTaskHasPassedIt() {
        progress(0, 5 * W, Map.of(0L, new EvalCounts(3, 10), W, new EvalCounts(1, 10)));
        progress(1, W / 2, Map.of());
        summer.publishComplete(1_000);
        assertThat(published()).isEmpty();

        progress(1, 2 * W, Map.of(0L, new EvalCounts(2, 10), W, new EvalCounts(0, 5)));
        summer.publishComplete(2_000);

        assertThat(published()).extracting(m -> m.getWindowStart().toEpochMilli()).containsExactly(0L, W);
        DriftMetric first = published().get(0);
        assertThat(first.getValue()).isEqualTo(0.25);
        assertThat(first.getCurrentCount()).isEqualTo(20);
        assertThat(first.getMetric()).isEqualTo("recall_at_10");
        assertThat(published().get(1).getCurrentCount()).isEqualTo(15);
    }

    @Test
    void shouldWaitForEveryTaskToReportOnce() {
        progress(0, 5 * W, Map.of(0L, new EvalCounts(1, 4)));
        summer.publishComplete(1_000);
        assertThat(published()).isEmpty();

        progress(1, 5 * W, Map.of(0L, new EvalCounts(1, 4)));
        summer.publishComplete(2_000);
        assertThat(published()).hasSize(1);
        assertThat(published().get(0).getCurrentCount()).isEqualTo(8);
    }

    @Test
    void shouldStopWaitingForAnIdleTask() {
        progress(0, 5 * W, Map.of(0L, new EvalCounts(1, 4)));
        progress(1, 0, Map.of());
        summer.publishComplete(IDLE);
        assertThat(published()).isEmpty();

        context.setCurrentSystemTimeMs(IDLE + 1);
        progress(0, 6 * W, Map.of());
        summer.publishComplete(IDLE + 1);

        assertThat(published()).hasSize(1);
    }

    @Test
    void shouldRoundTripProgressThroughItsSerde() {
        EvalProgress p = new EvalProgress(3, 123, Map.of(0L, new EvalCounts(1, 2), W, new EvalCounts(3, 4)));
        byte[] bytes = EvalProgress.serde().serializer().serialize("t", p);
        assertThat(EvalProgress.serde().deserializer().deserialize("t", bytes)).isEqualTo(p);
    }
}
