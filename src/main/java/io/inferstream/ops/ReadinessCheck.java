package io.inferstream.ops;

import java.util.Optional;

/**
 * One condition for {@code /health/ready}: a topology's Kafka Streams client is running, its models are loaded.
 * Asked on every probe, from an HTTP thread, so it must be cheap and thread-safe.
 */
@FunctionalInterface
public interface ReadinessCheck {

    /** Always ready: topologies without a condition of their own. */
    ReadinessCheck READY = Optional::empty;

    /** Empty when ready, else why not, in one line for the operator. */
    Optional<String> problem();
}
