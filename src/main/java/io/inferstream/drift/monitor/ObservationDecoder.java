package io.inferstream.drift.monitor;

import io.inferstream.inference.DeadLetters;
import io.inferstream.inference.RejectCode;
import io.inferstream.inference.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads drift-observations ({@link Observations}); a record that is not one (someone else wrote to the topic) is
 * dead-lettered with the reason and the stream goes on. Headers and timestamps travel on: the partials' senders report
 * their progress in them ({@link SenderProgress}).
 */
final class ObservationDecoder implements Processor<String, byte[], String, DriftOutput> {

    static final String NAME = "drift-observations-decode";

    private final DriftCounters counters;
    private final Clock clock;
    private ProcessorContext<String, DriftOutput> context;

    ObservationDecoder(DriftCounters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, DriftOutput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        DriftOutput decoded;
        try {
            decoded = Observations.fromBytes(record.value());
        } catch (IllegalArgumentException e) {
            counters.count(DriftCounters.UNDECODABLE_OBSERVATION);
            SourcePosition source = SourcePosition.of(context.recordMetadata());
            byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
            context.forward(new Record<>(record.key(), new DriftOutput.Dead(DeadLetters.of(source, key, record.value(),
                RejectCode.UNDECODABLE_VALUE, "drift: not a drift observation: " + e.getMessage(), NAME, clock.millis())),
                record.timestamp()));
            return;
        }
        context.forward(record.withValue(decoded));
    }
}
