package io.inferstream.drift.monitor;

import io.inferstream.avro.InferenceResult;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Drift monitoring's observing step inside the scoring topology ({@code drift.observe=scoring}): each result is
 * observed as it is scored, from the object about to be written to inference-results, so it is never read back from
 * Kafka nor decoded again; only the small window partials and prediction batches go on, to drift-observations, in
 * the scoring task's own transaction.
 */
public final class ScoredResultObserver implements Processor<byte[], InferenceResult, String, DriftOutput> {

    public static final String NAME = "drift-observe-scored-results";

    private final ResultObserver.ObserverSettings settings;
    private final DriftCounters counters;
    private ObservationBuffer buffer;

    public ScoredResultObserver(ResultObserver.ObserverSettings settings, DriftCounters counters) {
        this.settings = settings;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, DriftOutput> context) {
        this.buffer = new ObservationBuffer(settings, counters, context, "scoring-" + context.taskId());
    }

    @Override
    public void process(Record<byte[], InferenceResult> record) {
        if (record.value() != null) {
            buffer.observe(record.value(), record.timestamp());
        }
    }
}
