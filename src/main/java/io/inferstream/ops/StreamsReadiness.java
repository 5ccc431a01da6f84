package io.inferstream.ops;

import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Readiness of one Kafka Streams client, fed from its state listener. Ready once it has reached RUNNING; a later
 * REBALANCING keeps it ready. Why: every instance of an application rebalances at the same moment (a pod added or
 * restarted), so an instance that went unready on every rebalance would take the whole Service out of rotation at
 * once, and its interactive queries keep answering from the stores it still has (or forward) meanwhile. Before
 * the first RUNNING (restoring state, waiting for its assignment) it is not ready, and neither is a client that is
 * shutting down or failed (PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR).
 */
public final class StreamsReadiness implements ReadinessCheck {

    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private volatile boolean wasRunning;

    /** The client's new state (call from its state listener). */
    public void onChange(KafkaStreams.State now) {
        state = now;
        if (now == KafkaStreams.State.RUNNING) {
            wasRunning = true;
        }
    }

    @Override
    public Optional<String> problem() {
        return problem(state, wasRunning);
    }

    static Optional<String> problem(KafkaStreams.State state, boolean wasRunning) {
        return switch (state) {
            case RUNNING -> Optional.empty();
            case REBALANCING -> wasRunning ? Optional.empty()
                : Optional.of("REBALANCING: waiting for its first assignment and state restoration");
            case CREATED -> Optional.of("CREATED: not started yet");
            default -> Optional.of(state + ": stopped or failed");
        };
    }
}
