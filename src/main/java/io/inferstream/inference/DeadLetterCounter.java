package io.inferstream.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts one topology's dead letters by error code: {@code inferstream.dead.letters} [topology, code]
 * ({@code inferstream_dead_letters_total} in Prometheus). Codes are the {@code DeadLetter.errorCode} values, a small
 * closed set per topology, so one counter per code is looked up once and kept.
 */
public final class DeadLetterCounter {

    public static final String NAME = "inferstream.dead.letters";

    private final MeterRegistry meters;
    private final String topology;
    private final ConcurrentMap<String, Counter> byCode = new ConcurrentHashMap<>();

    public DeadLetterCounter(MeterRegistry meters, String topology) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.topology = Objects.requireNonNull(topology, "topology");
    }

    /** Counts one dead letter with {@code code} (its {@code errorCode}). */
    public void count(String code) {
        byCode.computeIfAbsent(code == null ? "" : code, c -> Counter.builder(NAME)
            .description("Records sent to dead-letters, by the topology that rejected them and why")
            .tag("topology", topology).tag("code", c)
            .register(meters)).increment();
    }
}
