package io.inferstream.inference;

import io.inferstream.avro.ServingRole;
import io.inferstream.model.Scorer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The scoring topology's meters (names are the metrics contract, see README "Metrics and health"):
 * {@code inferstream.requests.scored} [model, version, role], {@code inferstream.model.latency} [model, version] per
 * model call, {@code inferstream.request.latency} [model] per request, {@code inferstream.batch.size} [model] rows per
 * model call, and the dead letters ({@link DeadLetterCounter}, topology {@code scoring}).
 *
 * <p>Why a cache per model version: looking a meter up in the registry builds its id and sorts its tags; the hot
 * path does that once per version, then only increments (one map lookup per model call, not per record). Shared by every stream thread, hence concurrent.
 */
public final class ScoringMetrics {

    public static final String REQUESTS_SCORED = "inferstream.requests.scored";
    public static final String MODEL_LATENCY = "inferstream.model.latency";
    public static final String REQUEST_LATENCY = "inferstream.request.latency";
    public static final String BATCH_SIZE = "inferstream.batch.size";
    public static final String TOPOLOGY = "scoring";

    /** The meters of one loaded version. */
    public final class VersionMeters {
        private final Map<ServingRole, Counter> scored = new EnumMap<>(ServingRole.class);
        private final Timer modelLatency;
        private final Timer requestLatency;
        private final DistributionSummary batchSize;

        private VersionMeters(String model, long version) {
            String v = Long.toString(version);
            for (ServingRole role : ServingRole.values()) {
                scored.put(role, Counter.builder(REQUESTS_SCORED)
                    .description("Requests scored, by the model version that scored them and its role (shadow: scored copies)")
                    .tags("model", model, "version", v, "role", role.name().toLowerCase(Locale.ROOT))
                    .register(meters));
            }
            modelLatency = Timer.builder(MODEL_LATENCY)
                .description("Duration of one model call (a whole micro-batch group)")
                .tags("model", model, "version", v)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
            requestLatency = Timer.builder(REQUEST_LATENCY)
                .description("From a request's arrival at the scoring processor to its result")
                .tag("model", model)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
            batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("Rows per model call")
                .tag("model", model)
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(100_000.0)
                .register(meters);
        }

        /** One model call of {@code rows} rows that took {@code nanos}. */
        public void modelCall(int rows, long nanos) {
            modelLatency.record(nanos, TimeUnit.NANOSECONDS);
            batchSize.record(rows);
        }

        /** One request answered in {@code role}, {@code nanos} after it arrived (negative: unknown, not timed). */
        public void scored(ServingRole role, long nanos) {
            scored.get(role).increment();
            if (nanos >= 0 && role != ServingRole.SHADOW) {
                requestLatency.record(nanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private final MeterRegistry meters;
    /** By model and version, not by Scorer: a retired scorer must not be kept reachable by its meters. */
    private record Key(String model, long version) { }

    private final ConcurrentMap<Key, VersionMeters> versions = new ConcurrentHashMap<>();
    private final DeadLetterCounter deadLetters;

    public ScoringMetrics(MeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.deadLetters = new DeadLetterCounter(meters, TOPOLOGY);
    }

    /** Meters that go nowhere: for {@code describe} and tests that do not look at them. */
    public static ScoringMetrics none() {
        return new ScoringMetrics(new CompositeMeterRegistry());
    }

    /** The meters of {@code scorer}'s model version (created on first use). */
    public VersionMeters of(Scorer scorer) {
        return versions.computeIfAbsent(new Key(scorer.name(), scorer.version()), k -> new VersionMeters(k.model(), k.version()));
    }

    public DeadLetterCounter deadLetters() {
        return deadLetters;
    }
}
