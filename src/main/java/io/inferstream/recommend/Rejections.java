package io.inferstream.recommend;

import io.inferstream.inference.DeadLetters;
import io.inferstream.inference.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Dead letters of the user-side processors: the original bytes, where they came from and why. */
final class Rejections {

    private Rejections() {
    }

    static void forward(ProcessorContext<String, RecommendOutput> context, Record<byte[], byte[]> record,
                        EventRejectCode code, String message, String processor) {
        SourcePosition source = SourcePosition.of(context.recordMetadata());
        RecommendOutput out = new RecommendOutput.DeadLettered(record.key(), DeadLetters.of(source, record.key(), record.value(),
            code.name(), message, processor, context.currentSystemTimeMs()));
        // Wall clock: dead letters are kept for their topic's retention from when they were rejected.
        context.forward(new Record<>(null, out, context.currentSystemTimeMs()));
    }

    static String topic(ProcessorContext<?, ?> context) {
        return context.recordMetadata().map(RecordMetadata::topic).orElse("");
    }

    /**
     * Whether the record key is the user id. Both inputs must be keyed by user id: the user's state lives on the
     * partition its key hashes to. A record keyed otherwise is dead-lettered (WRONG_KEY) instead of repartitioned,
     * which would copy every event once more through Kafka to work around a producer bug.
     */
    static boolean keyedBy(byte[] key, String userId) {
        return key != null && Arrays.equals(key, userId.getBytes(StandardCharsets.UTF_8));
    }
}
