package io.inferstream.inference;

import static io.inferstream.inference.Requests.x;
import static io.inferstream.inference.RoutesFixture.routes;
import static io.inferstream.inference.RoutesFixture.served;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.InferenceRequest;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MicroBatchProcessorTest {

    private static final Duration WAIT = Duration.ofMillis(10);

    private final String scope = "micro-batch-" + UUID.randomUUID();
    private final AvroSerde<InferenceRequest> serde =
        AvroSerdes.specific(InferenceRequest.class, MockSchemaRegistry.forScope(scope), AvroSerdeConfig.of("mock://" + scope), false);
    private final HalfPlusTwo model = new HalfPlusTwo("half_plus_two", 1, 0.5f, 2f);
    private MockProcessorContext<byte[], ScoringOutcome> context;
    private KeyValueStore<Long, byte[]> store;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MicroBatchProcessor.BUFFER_STORE), Serdes.Long(), Serdes.ByteArray())
            .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        context.setRecordMetadata("inference-requests", 0, 0);
        context.setCurrentSystemTimeMs(10_000);
    }

    @AfterEach
    void tearDown() {
        store.close();
        MockSchemaRegistry.dropScope(scope);
    }

    private MicroBatchProcessor processor(int maxBatch) {
        BatchScorer scorer = new BatchScorer(routes(served(model)), null, new FeatureAssembler(64, false), new ShadowComparator(0),
            Clock.systemUTC());
        MicroBatchProcessor p = new MicroBatchProcessor(new BatchingSettings(maxBatch, WAIT), serde.deserializer(), scorer);
        p.init(context);
        return p;
    }

    private byte[] bytes(String id, float value) {
        return serde.serializer().serialize("inference-requests", x(id, value));
    }

    private Record<byte[], byte[]> record(String key, String id, float value, long offset) {
        context.setRecordMetadata("inference-requests", 0, offset);
        return new Record<>(key.getBytes(StandardCharsets.UTF_8), bytes(id, value), 1000 + offset);
    }

    private List<String> forwardedIds() {
        return context.forwarded().stream().map(CapturedForward::record).map(Record::value)
            .map(o -> ((ScoringOutcome.Scored) o).result().getRequestId()).toList();
    }

    @Test
    void shouldScoreAsSoonAsTheBatchIsFull() {
        MicroBatchProcessor p = processor(3);
        p.process(record("a", "r0", 1, 0));
        p.process(record("b", "r1", 2, 1));
        assertThat(context.forwarded()).isEmpty();
        assertThat(store.approximateNumEntries()).isEqualTo(2);

        p.process(record("c", "r2", 3, 2));

        assertThat(forwardedIds()).containsExactly("r0", "r1", "r2");
        assertThat(model.calls.get()).isEqualTo(1);
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldScoreAPartialBatchOnlyOnceItsOldestRequestHasWaited() {
        MicroBatchProcessor p = processor(100);
        p.process(record("a", "r0", 1, 0));
        var punctuator = context.scheduledPunctuators().get(0).getPunctuator();

        punctuator.punctuate(10_000 + WAIT.toMillis() - 1);
        assertThat(context.forwarded()).isEmpty();

        punctuator.punctuate(10_000 + WAIT.toMillis());
        assertThat(forwardedIds()).containsExactly("r0");
        assertThat(context.forwarded().get(0).record().timestamp()).isEqualTo(1000);
    }

    @Test
    void shouldScoreRequestsLeftInTheBufferStoreByACrashedInstance() {
        // What a crashed instance left behind: offsets committed, requests buffered, no results.
        store.put(5L, BufferedRecordCodec.encode(new SourcePosition("inference-requests", 0, 41), 7, "a".getBytes(StandardCharsets.UTF_8),
            bytes("left-1", 1)));
        store.put(6L, BufferedRecordCodec.encode(new SourcePosition("inference-requests", 0, 42), 8, "b".getBytes(StandardCharsets.UTF_8),
            bytes("left-2", 2)));

        MicroBatchProcessor p = processor(3);
        p.process(record("c", "new", 3, 43));

        assertThat(forwardedIds()).containsExactly("left-1", "left-2", "new");
        assertThat(context.forwarded().get(0).record().timestamp()).isEqualTo(7);
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldDeadLetterAnUndecodableRecordAtOnceWithoutBufferingIt() {
        MicroBatchProcessor p = processor(3);
        context.setRecordMetadata("inference-requests", 2, 77);
        p.process(new Record<>(null, new byte[] {1, 2, 3, 4, 5, 6}, 5));

        ScoringOutcome.Rejected rejected = (ScoringOutcome.Rejected) context.forwarded().get(0).record().value();
        assertThat(rejected.deadLetter().getErrorCode()).isEqualTo("BAD_MAGIC_BYTE");
        assertThat(rejected.deadLetter().getSourcePartition()).isEqualTo(2);
        assertThat(rejected.deadLetter().getSourceOffset()).isEqualTo(77);
        assertThat(rejected.deadLetter().getKey()).isNull();
        assertThat(store.approximateNumEntries()).isZero();
    }
}
