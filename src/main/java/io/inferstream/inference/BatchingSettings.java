package io.inferstream.inference;

import java.time.Duration;
import java.util.Objects;

/**
 * Micro-batching, as TensorFlow Serving's batching parameters: a batch is scored when it holds
 * {@code maxBatchSize} requests ({@code max_batch_size}) or its oldest request has waited
 * {@code maxWait} ({@code batch_timeout_micros}), whichever comes first.
 */
public record BatchingSettings(int maxBatchSize, Duration maxWait) {
    public BatchingSettings {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be >= 1, got " + maxBatchSize);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("max batch wait must be >= 0, got " + maxWait);
        }
    }
}
