package io.inferstream.drift.monitor;

import io.inferstream.avro.InferenceResult;
import io.inferstream.inference.DeadLetters;
import io.inferstream.inference.RejectCode;
import io.inferstream.inference.SourcePosition;
import io.inferstream.serde.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Drift monitoring's observing step in the drift topology ({@code drift.observe=results}), on the partitions of
 * inference-results: decodes each result and hands it to an {@link ObservationBuffer}; a record that does not
 * decode is dead-lettered with the reason, and monitoring goes on.
 */
public final class ResultObserver implements Processor<byte[], byte[], String, DriftOutput> {

    static final String NAME = "drift-observe-results";

    /**
     * @param window           window size (ms)
     * @param grace            window grace (ms)
     * @param segmentFeature   key of the categorical map that names segments, or null
     * @param monitorShadow    whether SHADOW results are monitored
     * @param bootstrapRecords rows that make a bootstrap profile; 0: none
     * @param flushInterval    how often partials are forwarded (wall clock)
     * @param labelOutput      the output whose value goes to the label join (performance drift), or null: no label join
     */
    public record ObserverSettings(long window, long grace, String segmentFeature, boolean monitorShadow, int bootstrapRecords,
                                   Duration flushInterval, String labelOutput) { }

    private final ObserverSettings settings;
    private final Deserializer<InferenceResult> deserializer;
    private final DriftCounters counters;
    private final Clock clock;
    private ProcessorContext<String, DriftOutput> context;
    private ObservationBuffer buffer;

    public ResultObserver(ObserverSettings settings, Deserializer<InferenceResult> deserializer, DriftCounters counters, Clock clock) {
        this.settings = settings;
        this.deserializer = deserializer;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, DriftOutput> context) {
        this.context = context;
        this.buffer = new ObservationBuffer(settings, counters, context, "results-" + context.taskId());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        InferenceResult result = decode(record);
        if (result != null) {
            buffer.observe(result, record.timestamp());
        }
    }

    /** Forwards what was observed since the last flush (the punctuation does this every flush interval). */
    void flush(long now) {
        buffer.flush(now);
    }

    private InferenceResult decode(Record<byte[], byte[]> record) {
        byte[] value = record.value();
        String error;
        RejectCode code = RejectCode.UNDECODABLE_VALUE;
        if (value == null || value.length == 0) {
            error = "empty value (a tombstone is not an inference result)";
        } else {
            try {
                InferenceResult r = deserializer.deserialize(topic(), value);
                if (r != null) {
                    return r;
                }
                error = "value decodes to null";
            } catch (WireFormatException e) {
                code = RejectCode.valueOf(e.errorCode().name());
                error = e.getMessage();
            } catch (SerializationException | ClassCastException e) {
                error = e.getMessage();
            }
        }
        counters.count(DriftCounters.UNDECODABLE);
        SourcePosition source = SourcePosition.of(context.recordMetadata());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        context.forward(new Record<>(key, new DriftOutput.Dead(DeadLetters.of(source, record.key(), value, code,
            "drift: " + error, NAME, clock.millis())), record.timestamp()));
        return null;
    }

    private String topic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse("");
    }
}
