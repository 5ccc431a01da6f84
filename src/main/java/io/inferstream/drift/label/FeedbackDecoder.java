package io.inferstream.drift.label;

import io.inferstream.avro.EventType;
import io.inferstream.avro.Label;
import io.inferstream.avro.UserEvent;
import io.inferstream.drift.monitor.DriftCounters;
import io.inferstream.drift.monitor.DriftOutput;
import io.inferstream.inference.DeadLetters;
import io.inferstream.inference.RejectCode;
import io.inferstream.inference.SourcePosition;
import io.inferstream.serde.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a label source (bytes, so that a bad record can be dead-lettered byte for byte) into labels keyed by requestId,
 * on their way to the label join.
 *
 * <ul>
 *   <li>{@code user-events}: a CLICK or PURCHASE with a {@code requestId} is a positive label (1.0) of that request;
 *   other events are not labels. A user event that does not decode is skipped and counted, not dead-lettered: the
 *   recommend topology, which owns that topic, dead-letters it already.</li>
 *   <li>{@code labels}: a {@code Label}; one that does not decode, has no requestId or a label outside [0, 1] is
 *   dead-lettered (code {@code UNDECODABLE_VALUE} or {@value #INVALID_LABEL}) with the reason.</li>
 * </ul>
 */
public final class FeedbackDecoder<T> implements Processor<byte[], byte[], String, DriftOutput> {

    private static final Logger log = LoggerFactory.getLogger(FeedbackDecoder.class);
    public static final String INVALID_LABEL = "INVALID_LABEL";
    public static final String USER_EVENTS = "user-events";
    public static final String LABELS = "labels";

    private final String source;
    private final Deserializer<T> deserializer;
    private final DriftCounters counters;
    private final Clock clock;
    private ProcessorContext<String, DriftOutput> context;

    private FeedbackDecoder(String source, Deserializer<T> deserializer, DriftCounters counters, Clock clock) {
        this.source = source;
        this.deserializer = deserializer;
        this.counters = counters;
        this.clock = clock;
    }

    /** Labels from user events (clicks and purchases). */
    public static FeedbackDecoder<UserEvent> userEvents(Deserializer<UserEvent> deserializer, DriftCounters counters, Clock clock) {
        return new FeedbackDecoder<>(USER_EVENTS, deserializer, counters, clock);
    }

    /** Labels from the labels topic. */
    public static FeedbackDecoder<Label> labels(Deserializer<Label> deserializer, DriftCounters counters, Clock clock) {
        return new FeedbackDecoder<>(LABELS, deserializer, counters, clock);
    }

    @Override
    public void init(ProcessorContext<String, DriftOutput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        T value;
        try {
            value = record.value() == null || record.value().length == 0 ? null : deserializer.deserialize(topic(), record.value());
        } catch (WireFormatException e) {
            reject(record, RejectCode.valueOf(e.errorCode().name()).name(), e.getMessage());
            return;
        } catch (SerializationException | ClassCastException e) {
            reject(record, RejectCode.UNDECODABLE_VALUE.name(), e.getMessage());
            return;
        }
        if (value == null) {
            reject(record, RejectCode.UNDECODABLE_VALUE.name(), "empty value (a tombstone is not a label)");
        } else if (value instanceof UserEvent e) {
            if ((e.getType() == EventType.CLICK || e.getType() == EventType.PURCHASE) && e.getRequestId() != null
                && !e.getRequestId().isEmpty()) {
                forward(e.getRequestId(), 1.0, e.getTimestamp(), record.timestamp());
            }
        } else if (value instanceof Label l) {
            if (l.getRequestId() == null || l.getRequestId().isEmpty()) {
                reject(record, INVALID_LABEL, "label without a requestId");
            } else if (!(l.getLabel() >= 0 && l.getLabel() <= 1)) {
                reject(record, INVALID_LABEL, "label " + l.getLabel() + " of request " + l.getRequestId() + " is outside [0, 1]");
            } else {
                forward(l.getRequestId(), l.getLabel(), l.getTimestamp(), record.timestamp());
            }
        }
    }

    private void forward(String requestId, double label, Instant observed, long recordTime) {
        long time = observed == null || observed.toEpochMilli() <= 0 ? recordTime : observed.toEpochMilli();
        context.forward(new Record<>(JoinInput.bucket(requestId),
            new DriftOutput.Join(List.of(new JoinInput.Entry(requestId, new JoinInput.Feedback(label, time, source)))), time));
    }

    private void reject(Record<byte[], byte[]> record, String code, String error) {
        if (source.equals(USER_EVENTS)) {
            counters.count(DriftCounters.USER_EVENT_UNDECODABLE);
            log.debug("Skipping a user event that is not readable as a label: {}", error);
            return;
        }
        counters.count(DriftCounters.LABEL_INVALID);
        SourcePosition position = SourcePosition.of(context.recordMetadata());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        context.forward(new Record<>(key, new DriftOutput.Dead(DeadLetters.of(position, record.key(), record.value(), code,
            "drift labels: " + error, "drift-label-decode", clock.millis())), record.timestamp()));
    }

    private String topic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse("");
    }
}
