package io.inferstream.inference;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ShadowComparison;

/** What the scoring step emits for a request; the topology sends each kind to its own topic. */
public sealed interface ScoringOutcome permits ScoringOutcome.Scored, ScoringOutcome.Rejected, ScoringOutcome.Shadowed {

    /** Original key bytes (null allowed), so results are partitioned like their requests. */
    byte[] key();

    /** Timestamp for the output record: the request's. */
    long timestamp();

    record Scored(byte[] key, long timestamp, InferenceResult result) implements ScoringOutcome { }

    record Rejected(byte[] key, long timestamp, DeadLetter deadLetter) implements ScoringOutcome { }

    record Shadowed(byte[] key, long timestamp, ShadowComparison comparison) implements ScoringOutcome { }
}
