package io.inferstream.inference;

import io.inferstream.avro.InferenceRequest;
import java.util.Objects;

/**
 * A decoded request waiting in the micro-batch, with what is needed to answer it or dead-letter it:
 * its original key and value bytes and where it came from.
 *
 * @param sequence  position in the task's buffer; results leave in this order, which keeps per-key order
 * @param source    topic, partition and offset of the original record
 * @param key       original key bytes (may be null), reused as the result's key
 * @param value     original value bytes, kept for the dead-letter record
 * @param timestamp the original record's timestamp, carried to the result
 * @param request   the decoded request
 * @param arrivalNanos {@link System#nanoTime()} when it reached the scoring processor (or was restored), for the
 *                  request latency metric; -1 when unknown (not timed)
 */
public record PendingRequest(long sequence, SourcePosition source, byte[] key, byte[] value, long timestamp,
                             InferenceRequest request, long arrivalNanos) {
    public PendingRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(request, "request");
    }

    /** A request whose arrival was not timed. */
    public PendingRequest(long sequence, SourcePosition source, byte[] key, byte[] value, long timestamp, InferenceRequest request) {
        this(sequence, source, key, value, timestamp, request, -1);
    }
}
