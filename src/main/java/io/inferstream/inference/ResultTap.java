package io.inferstream.inference;

import io.inferstream.avro.InferenceResult;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

/**
 * More processing of the scored results inside the scoring topology, on the result objects before they are
 * serialized to inference-results: drift monitoring's observing step ({@code drift.observe=scoring}) plugs in here, so
 * that it reads each result once, in memory, instead of consuming and decoding inference-results again.
 */
@FunctionalInterface
public interface ResultTap {

    /** Nothing more. */
    ResultTap NONE = (builder, results) -> { };

    /** Adds the tap's processors (and any stores) to {@code builder}, reading {@code results}. */
    void attach(StreamsBuilder builder, KStream<byte[], InferenceResult> results);
}
