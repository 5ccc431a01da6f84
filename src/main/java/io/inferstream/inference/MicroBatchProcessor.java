package io.inferstream.inference;

import io.inferstream.avro.InferenceRequest;
import io.inferstream.serde.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes inference requests, holds them in a micro-batch and scores the batch when it is full or
 * its oldest request has waited long enough.
 *
 * <p>Why a state store: Kafka Streams commits the offsets of every record a processor has received,
 * whether or not it has forwarded anything for it yet. A batch held only in memory would be lost by
 * a crash after such a commit. So each buffered record is also written to a changelogged store, in
 * the same transaction as the offsets under exactly_once_v2: after a crash or a rebalance the new
 * owner of the task restores the store and scores what was pending, and a record is answered exactly
 * once. A scored record is deleted from the store in the transaction that emits its result.
 *
 * <p>Results leave in arrival order (the buffer's sequence), which keeps per-key order.
 */
public final class MicroBatchProcessor implements Processor<byte[], byte[], byte[], ScoringOutcome> {

    /** The buffer store's name; its changelog is {@code <application.id>-inference-request-buffer-changelog}. */
    public static final String BUFFER_STORE = "inference-request-buffer";

    private static final Logger log = LoggerFactory.getLogger(MicroBatchProcessor.class);
    private static final String PROCESSOR = "decode";

    private final BatchingSettings settings;
    private final Deserializer<InferenceRequest> deserializer;
    private final BatchScorer scorer;
    private final List<PendingRequest> pending = new ArrayList<>();
    private ProcessorContext<byte[], ScoringOutcome> context;
    private KeyValueStore<Long, byte[]> buffer;
    private long nextSequence;
    private long oldestArrivalMs;

    public MicroBatchProcessor(BatchingSettings settings, Deserializer<InferenceRequest> deserializer, BatchScorer scorer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
    }

    @Override
    public void init(ProcessorContext<byte[], ScoringOutcome> context) {
        this.context = context;
        this.buffer = context.getStateStore(BUFFER_STORE);
        restorePending();
        // Check for an overdue batch at twice the wait's resolution, at least every millisecond.
        Duration tick = settings.maxWait().dividedBy(2);
        context.schedule(tick.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : tick,
            PunctuationType.WALL_CLOCK_TIME, this::flushIfOverdue);
    }

    /** Requests buffered before a crash or a rebalance: decoded again, scored with the next batch. */
    private void restorePending() {
        try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> entry = it.next();
                BufferedRecordCodec.Buffered b = BufferedRecordCodec.decode(entry.value);
                pending.add(new PendingRequest(entry.key, b.source(), b.key(), b.value(), b.timestamp(),
                    deserializer.deserialize(b.source().topic(), b.value()), System.nanoTime()));
                nextSequence = entry.key + 1;
            }
        }
        if (!pending.isEmpty()) {
            oldestArrivalMs = context.currentSystemTimeMs();
            log.info("task {}: {} buffered requests restored, scoring them with the next batch", context.taskId(), pending.size());
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long arrived = System.nanoTime();
        SourcePosition source = SourcePosition.of(context.recordMetadata());
        InferenceRequest request;
        try {
            request = decode(source, record.value());
        } catch (RequestRejectedException e) {
            ScoringOutcome rejected = new ScoringOutcome.Rejected(record.key(), record.timestamp(),
                DeadLetters.of(source, record.key(), record.value(), e.code(), e.getMessage(), PROCESSOR, System.currentTimeMillis()));
            context.forward(new Record<>(record.key(), rejected, record.timestamp()));
            return;
        }
        long sequence = nextSequence++;
        buffer.put(sequence, BufferedRecordCodec.encode(source, record.timestamp(), record.key(), record.value()));
        if (pending.isEmpty()) {
            oldestArrivalMs = context.currentSystemTimeMs();
        }
        pending.add(new PendingRequest(sequence, source, record.key(), record.value(), record.timestamp(), request, arrived));
        if (pending.size() >= settings.maxBatchSize()) {
            flush();
        }
    }

    private InferenceRequest decode(SourcePosition source, byte[] value) throws RequestRejectedException {
        if (value == null || value.length == 0) {
            throw new RequestRejectedException(RejectCode.UNDECODABLE_VALUE, "empty value (a tombstone is not a request)");
        }
        InferenceRequest request;
        try {
            request = deserializer.deserialize(source.topic(), value);
        } catch (WireFormatException e) {
            throw new RequestRejectedException(RejectCode.valueOf(e.errorCode().name()), e.getMessage());
        } catch (SerializationException | ClassCastException e) {
            throw new RequestRejectedException(RejectCode.UNDECODABLE_VALUE, e.getMessage());
        }
        if (request.getRequestId() == null || request.getRequestId().isBlank()) {
            throw new RequestRejectedException(RejectCode.INVALID_REQUEST, "the request has an empty requestId");
        }
        return request;
    }

    /** Wall-clock time from the context (not System), so that tests drive it and punctuation agrees with it. */
    private void flushIfOverdue(long now) {
        if (!pending.isEmpty() && now - oldestArrivalMs >= settings.maxWait().toMillis()) {
            flush();
        }
    }

    private void flush() {
        List<ScoringOutcome> outcomes = scorer.score(pending);
        for (ScoringOutcome outcome : outcomes) {
            context.forward(new Record<>(outcome.key(), outcome, outcome.timestamp()));
        }
        for (PendingRequest p : pending) {
            buffer.delete(p.sequence());
        }
        pending.clear();
    }


    /** Nothing to do: what is pending is in the store and will be scored by whoever owns the task next. */
    @Override
    public void close() {
        pending.clear();
    }
}
