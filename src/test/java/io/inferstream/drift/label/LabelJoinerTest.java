package io.inferstream.drift.label;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.drift.monitor.DriftCounters;
import io.inferstream.drift.monitor.DriftStores;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LabelJoinerTest {

    private static final long WINDOW = 60_000;

    private final DriftCounters counters = new DriftCounters();
    /** LABEL_PENDING, LABEL_JOINED: in memory, counting their writes. */
    private final List<CountingStore> stores = new ArrayList<>();
    private MockProcessorContext<String, List<LabelledResult>> context;
    private LabelJoiner joiner;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        for (String name : List.of(DriftStores.LABEL_PENDING, DriftStores.LABEL_JOINED)) {
            CountingStore store = new CountingStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build());
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.add(store);
        }
        context.setCurrentSystemTimeMs(1_000_000);
    }

    @AfterEach
    void tearDown() {
        stores.forEach(KeyValueStore::close);
    }

    private LabelJoiner joiner(boolean negativeOnTimeout) {
        joiner = new LabelJoiner(WINDOW, negativeOnTimeout, counters);
        joiner.init(context);
        return joiner;
    }

    /**
     * A restart: a new joiner, with nothing in memory, over the same stores (as Kafka Streams restores them), in a new
     * context (the old joiner's punctuators are gone with it), at the same wall-clock time.
     */
    private LabelJoiner restart(boolean negativeOnTimeout) {
        long wall = context.currentSystemTimeMs();
        context = new MockProcessorContext<>();
        stores.forEach(context::addStateStore);
        context.setCurrentSystemTimeMs(wall);
        return joiner(negativeOnTimeout);
    }

    private List<String> keys(int store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = stores.get(store).all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private static Record<String, List<JoinInput.Entry>> batch(JoinInput.Entry... entries) {
        return new Record<>("j0", List.of(entries), 0);
    }

    private static JoinInput.Entry p(String id, double score, long t) {
        return new JoinInput.Entry(id, new JoinInput.Prediction("ctr", 2, score, t));
    }

    private static JoinInput.Entry f(String id, double label, long t) {
        return new JoinInput.Entry(id, new JoinInput.Feedback(label, t, "user-events"));
    }

    private static Record<String, List<JoinInput.Entry>> result(String id, double score, long t) {
        return new Record<>(JoinInput.bucket(id), List.of(new JoinInput.Entry(id, new JoinInput.Prediction("ctr", 2, score, t))), t);
    }

    private static Record<String, List<JoinInput.Entry>> label(String id, double label, long t) {
        return new Record<>(JoinInput.bucket(id), List.of(new JoinInput.Entry(id, new JoinInput.Feedback(label, t, "user-events"))), t);
    }

    /** What the joiner forwarded, after a flush (it forwards batches per model version every few milliseconds). */
    private List<LabelledResult> out() {
        joiner.flush();
        return context.forwarded().stream().flatMap(f -> f.record().value().stream()).toList();
    }

    /** Lets {@code ms} of wall clock pass since the records (sent at 1,000,000) and runs the expiry punctuators. */
    private void elapse(long ms) {
        context.setCurrentSystemTimeMs(1_000_000 + ms);
        context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(LabelJoiner.EXPIRY_INTERVAL))
            .forEach(p -> p.getPunctuator().punctuate(1_000_000 + ms));
    }

    @Test
    void shouldJoinAClickWithItsResultAsAPositiveAtOnce() {
        LabelJoiner j = joiner(true);
        j.process(result("r1", 0.8, 1_000));
        j.process(label("r1", 1, 5_000));

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.8, 1, 1_000));
        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).record().key()).isEqualTo("ctr/2");
        assertThat(context.forwarded().get(0).record().timestamp()).isEqualTo(1_000);
        assertThat(stores).allMatch(s -> s.approximateNumEntries() == 0);
    }

    @Test
    void shouldCloseAResultWithoutAClickAsANegativeOnceItsDeadlinePassesInStreamTime() {
        LabelJoiner j = joiner(true);
        j.process(result("r1", 0.3, 1_000));
        elapse(WINDOW - 1);
        assertThat(out()).isEmpty();

        elapse(WINDOW);

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.3, 0, 1_000));
        assertThat(counters.get(DriftCounters.NEGATIVE_BY_TIMEOUT)).isEqualTo(1);
        assertThat(stores).allMatch(s -> s.approximateNumEntries() == 0);
    }

    @Test
    void shouldCloseWaitingResultsOnTheWallClockWhenTrafficStops() {
        LabelJoiner j = joiner(true);
        j.process(result("r1", 0.3, 1_000)); // seen at wall clock 1,000,000; no clicks at all: results follow their own time
        elapse(WINDOW - 1);
        assertThat(context.forwarded()).isEmpty();

        elapse(WINDOW);

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.3, 0, 1_000));
    }

    @Test
    void shouldDropAnUnlabelledResultWhenClicksAreNotALabelSource() {
        LabelJoiner j = joiner(false);
        j.process(result("r1", 0.3, 1_000));
        elapse(WINDOW);

        assertThat(out()).isEmpty();
        assertThat(counters.get(DriftCounters.RESULT_UNLABELLED)).isEqualTo(1);
    }

    @Test
    void shouldJoinALabelThatArrivesBeforeItsResult() {
        LabelJoiner j = joiner(true);
        j.process(label("r1", 1, 2_000));
        j.process(result("r1", 0.6, 1_000));

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.6, 1, 1_000));
        assertThat(stores).allMatch(s -> s.approximateNumEntries() == 0);
    }

    @Test
    void shouldNotJoinALabelAfterTheWindowAndKeepTheNegative() {
        LabelJoiner j = joiner(true);
        j.process(result("r1", 0.4, 1_000));
        elapse(WINDOW);
        j.process(label("r1", 1, 1_000 + WINDOW + 5));
        elapse(4 * WINDOW); // an early label waits until the results are a window past its deadline

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.4, 0, 1_000));
        assertThat(counters.get(DriftCounters.LABEL_UNMATCHED)).isEqualTo(1);
        assertThat(stores).allMatch(s -> s.approximateNumEntries() == 0);
    }

    @Test
    void shouldNotJoinALateLabelThatArrivesBeforeThePunctuationClosedItsResult() {
        LabelJoiner j = joiner(true);
        j.process(result("r1", 0.4, 1_000));
        j.process(label("r1", 1, 1_000 + WINDOW + 1));
        elapse(1);

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.4, 0, 1_000));
        assertThat(counters.get(DriftCounters.LABEL_LATE)).isEqualTo(1);
    }

    @Test
    void shouldKeepTheResultWaitingWhenAnEarlierArrivedLabelTurnsOutLate() {
        LabelJoiner j = joiner(true);
        j.process(label("r1", 1, 1_000 + WINDOW + 1)); // the label overtook its result, but was observed too late for it
        j.process(result("r1", 0.4, 1_000));
        assertThat(out()).isEmpty();
        elapse(1);

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.4, 0, 1_000));
        assertThat(counters.get(DriftCounters.LABEL_LATE)).isEqualTo(1);
        assertThat(stores).allMatch(s -> s.approximateNumEntries() == 0);
    }

    @Test
    void shouldJoinEveryEntryOfABatch() {
        LabelJoiner j = joiner(true);
        j.process(new Record<>("j1", List.of(new JoinInput.Entry("a", new JoinInput.Prediction("ctr", 2, 0.7, 100)),
            new JoinInput.Entry("b", new JoinInput.Prediction("ctr", 1, 0.2, 120)),
            new JoinInput.Entry("a", new JoinInput.Feedback(1, 150, "labels"))), 150));

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.7, 1, 100));
        assertThat(stores.get(0).approximateNumEntries()).isEqualTo(1);
    }

    @Test
    void shouldLetAResultWaitForLaggingClicksAndALabelForLaggingResults() {
        LabelJoiner j = joiner(true);
        j.process(result("r1", 0.3, 1_000));
        j.process(label("other", 1, 500)); // the clicks are behind: their time is 500
        j.process(result("r2", 0.3, 1_000 + 2 * WINDOW)); // results move on
        elapse(0);
        assertThat(out()).as("r1 waits: clicks up to its deadline may still come").isEmpty();

        j.process(label("r1", 1, 1_200));
        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.3, 1, 1_000));

        j.process(label("r3", 1, 5 * WINDOW)); // a click far ahead of the results: waits for its result
        elapse(0);
        j.process(result("r3", 0.6, 5 * WINDOW - 100));
        assertThat(out()).contains(new LabelledResult("ctr", 2, 0.6, 1, 5 * WINDOW - 100));
        assertThat(counters.get(DriftCounters.LABEL_UNMATCHED)).as("only the click of a request never scored").isEqualTo(1);
    }

    @Test
    void shouldCountALabelOfAnUnknownRequestAsUnmatchedOnceItsWindowPasses() {
        LabelJoiner j = joiner(true);
        j.process(label("nobody", 1, 1_000));
        elapse(WINDOW);
        assertThat(counters.get(DriftCounters.LABEL_UNMATCHED)).as("no result seen yet: scoring may still be starting").isZero();

        j.process(result("r0", 0.5, 1_000)); // at wall clock 1,000,000 + WINDOW
        elapse(3 * WINDOW); // the results' time reaches the label's deadline + a window

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.5, 0, 1_000));
        assertThat(counters.get(DriftCounters.LABEL_UNMATCHED)).isEqualTo(1);
        assertThat(stores).allMatch(s -> s.approximateNumEntries() == 0);
    }

    @Test
    void shouldCountTheFirstOfTwoClicksOnly() {
        LabelJoiner j = joiner(true);
        j.process(label("r1", 1, 500));
        j.process(label("r1", 1, 600));
        j.process(result("r1", 0.9, 400));
        j.process(label("r1", 1, 700));
        elapse(10 * WINDOW);

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.9, 1, 400));
        assertThat(counters.get(DriftCounters.LABEL_DUPLICATE)).isEqualTo(1);
        // the click after the join waits for a result that does not come again
        assertThat(counters.get(DriftCounters.LABEL_UNMATCHED)).isEqualTo(1);
    }

    @Test
    void shouldKeyTheExpiryIndexInDeadlineOrder() {
        assertThat(LabelJoiner.expiryKey(42, "r1")).isEqualTo("0000000000000000042|r1");
        assertThat(LabelJoiner.expiryKey(-5, "r")).isEqualTo("0000000000000000000|r");
        assertThat(LabelJoiner.expiryKey(Long.MAX_VALUE, "")).isEqualTo(Long.MAX_VALUE + "|");
        assertThat(LabelJoiner.expiryKey(999, "zzz")).isLessThan(LabelJoiner.expiryKey(1_000, "a"));
    }

    @Test
    void shouldExpireInDeadlineOrderAcrossManyResults() {
        LabelJoiner j = joiner(true);
        for (int i = 0; i < 20; i++) {
            j.process(result("r" + i, 0.5, 1_000L * (20 - i)));
        }
        elapse(WINDOW - 10_000); // results' time: 20,000 + that

        assertThat(out()).extracting(LabelledResult::time).containsExactlyInAnyOrder(1_000L, 2_000L, 3_000L, 4_000L, 5_000L, 6_000L,
            7_000L, 8_000L, 9_000L, 10_000L);
        assertThat(stores.get(0).approximateNumEntries()).isEqualTo(10);
    }

    @Test
    void shouldCloseResultsWaitingAtARestartAsNegativesAtTheirDeadlineOnce() {
        LabelJoiner a = joiner(true);
        a.process(batch(p("r1", 0.3, 1_000), p("r2", 0.7, 1_000)));
        a.process(label("r2", 1, 2_000));
        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.7, 1, 1_000));

        LabelJoiner b = restart(true);
        b.process(result("r3", 0.5, 2_000)); // the clocks start again from the first record after a restart
        elapse(WINDOW - 1_001);
        assertThat(out()).isEmpty();
        elapse(WINDOW - 1_000); // the results' time: r1's deadline
        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.3, 0, 1_000));
        elapse(10 * WINDOW);

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.3, 0, 1_000), new LabelledResult("ctr", 2, 0.5, 0, 2_000));
        assertThat(counters.get(DriftCounters.NEGATIVE_BY_TIMEOUT)).isEqualTo(2);
        assertThat(counters.get(DriftCounters.LABELLED)).isEqualTo(3);
        assertThat(stores).allMatch(s -> s.approximateNumEntries() == 0);
    }

    @Test
    void shouldNotEmitAgainAResultJoinedBeforeARestart() {
        LabelJoiner a = joiner(true);
        a.process(batch(p("r1", 0.3, 1_000), p("r2", 0.7, 1_000), p("r3", 0.1, 1_000)));
        a.process(label("r2", 1, 2_000));
        assertThat(keys(1)).as("a marker for r2, its batch still waits").hasSize(1);

        LabelJoiner b = restart(true);
        b.process(label("r3", 0, 2_500)); // joins r3
        b.process(label("r2", 1, 3_000)); // a second click on r2: waits for a result that does not come again
        b.process(result("r9", 0.5, 5 * WINDOW));
        elapse(10 * WINDOW);

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.1, 0, 1_000), new LabelledResult("ctr", 2, 0.3, 0, 1_000),
            new LabelledResult("ctr", 2, 0.5, 0, 5 * WINDOW));
        assertThat(counters.get(DriftCounters.LABEL_UNMATCHED)).isEqualTo(1);
        assertThat(counters.get(DriftCounters.RESULT_DUPLICATE)).isZero();
        assertThat(stores).allMatch(s -> s.approximateNumEntries() == 0);
    }

    @Test
    void shouldJoinAnEarlyLabelWithItsResultAfterARestart() {
        LabelJoiner a = joiner(true);
        a.process(label("r1", 1, 2_000));
        assertThat(keys(0)).hasSize(1);

        LabelJoiner b = restart(true);
        b.process(result("r1", 0.6, 1_000));

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.6, 1, 1_000));
        assertThat(stores).allMatch(s -> s.approximateNumEntries() == 0);
    }

    @Test
    void shouldRewriteTheRemainderOfABatchThatSpansDeadlinesUnderItsOwnDeadline() {
        LabelJoiner j = joiner(true);
        j.process(batch(p("r1", 0.1, 1_000), p("r2", 0.2, 30_000), p("r3", 0.3, 30_000))); // a backlog: one batch, 29 s apart
        j.process(label("r3", 1, 31_000));
        assertThat(keys(0)).containsExactly("P|0000000000000061000|0");
        assertThat(keys(1)).containsExactly("P|0000000000000061000|0#2");

        elapse(30_000); // the labels' time: r1's deadline, not r2's
        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.3, 1, 30_000), new LabelledResult("ctr", 2, 0.1, 0, 1_000));
        assertThat(keys(0)).containsExactly("P|0000000000000090000|1");
        assertThat(JoinInput.batchFromBytes(stores.get(0).get("P|0000000000000090000|1"))).containsExactly(p("r2", 0.2, 30_000));
        assertThat(keys(1)).isEmpty();

        elapse(59_000);
        assertThat(out()).hasSize(3).last().isEqualTo(new LabelledResult("ctr", 2, 0.2, 0, 30_000));
        assertThat(stores).allMatch(s -> s.approximateNumEntries() == 0);

        restart(true).process(result("r4", 0.4, 30_000)); // at wall clock + 89 s
        elapse(89_000 + WINDOW);
        assertThat(out()).as("only the result after the restart").containsExactly(new LabelledResult("ctr", 2, 0.4, 0, 30_000));
    }

    @Test
    void shouldContinueTheSequenceAfterARestart() {
        LabelJoiner a = joiner(true);
        a.process(result("r1", 0.1, 1_000));
        a.process(result("r2", 0.2, 1_000));

        LabelJoiner b = restart(true);
        b.process(result("r3", 0.3, 1_000)); // the same deadline as r1 and r2

        assertThat(keys(0)).containsExactly("P|0000000000000061000|0", "P|0000000000000061000|1", "P|0000000000000061000|2");
        elapse(WINDOW);
        assertThat(out()).extracting(LabelledResult::score).containsExactlyInAnyOrder(0.1, 0.2, 0.3);
    }

    @Test
    void shouldWriteNoStoreEntryForABatchResolvedWithinItself() {
        LabelJoiner j = joiner(true);
        j.process(batch(p("a", 0.7, 100), f("a", 1, 150), f("b", 0, 160), p("b", 0.2, 120)));

        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.7, 1, 100), new LabelledResult("ctr", 2, 0.2, 0, 120));
        assertThat(stores).allMatch(s -> s.writes == 0);

        j.process(batch(p("c", 0.1, 200), p("d", 0.2, 210), f("e", 1, 220), p("e", 0.3, 215)));
        assertThat(stores.get(0).writes).as("one entry for what the batch left waiting").isEqualTo(1);
        assertThat(stores.get(1).writes).isZero();
    }

    @Test
    void shouldTellTheDuplicatesOfWaitingEntriesAcrossBatches() {
        LabelJoiner j = joiner(true);
        j.process(batch(p("a", 0.7, 100), f("b", 1, 150)));
        j.process(batch(p("a", 0.9, 110), f("b", 1, 160)));

        assertThat(counters.get(DriftCounters.RESULT_DUPLICATE)).isEqualTo(1);
        assertThat(counters.get(DriftCounters.LABEL_DUPLICATE)).isEqualTo(1);
        assertThat(keys(0)).as("the duplicates are not written").hasSize(2);
        j.process(batch(f("a", 1, 200), p("b", 0.2, 120)));
        assertThat(out()).containsExactly(new LabelledResult("ctr", 2, 0.7, 1, 100), new LabelledResult("ctr", 2, 0.2, 1, 120));
        assertThat(stores).allMatch(s -> s.approximateNumEntries() == 0);
    }

    /** A store that counts its writes (puts and deletes). */
    private static final class CountingStore implements KeyValueStore<String, byte[]> {
        private final KeyValueStore<String, byte[]> inner;
        int writes;

        CountingStore(KeyValueStore<String, byte[]> inner) {
            this.inner = inner;
        }

        @Override
        public void put(String key, byte[] value) {
            writes++;
            inner.put(key, value);
        }

        @Override
        public byte[] putIfAbsent(String key, byte[] value) {
            writes++;
            return inner.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<String, byte[]>> entries) {
            writes += entries.size();
            inner.putAll(entries);
        }

        @Override
        public byte[] delete(String key) {
            writes++;
            return inner.delete(key);
        }

        @Override
        public byte[] get(String key) {
            return inner.get(key);
        }

        @Override
        public KeyValueIterator<String, byte[]> range(String from, String to) {
            return inner.range(from, to);
        }

        @Override
        public KeyValueIterator<String, byte[]> all() {
            return inner.all();
        }

        @Override
        public long approximateNumEntries() {
            return inner.approximateNumEntries();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            inner.init(context, root);
        }

        @Override
        public void flush() {
            inner.flush();
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }
    }
}
