package io.inferstream.ops.dashboard;

import io.inferstream.inference.DeadLetterCounter;
import io.inferstream.inference.ScoringMetrics;
import io.inferstream.inference.ServingGauges;
import io.inferstream.ops.DriftGauges;
import io.inferstream.recommend.RecommenderStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads the pipeline's meters from an instance's registry by the names of the metrics contract (whoever instruments
 * registers them; this class only looks them up, so a meter not registered yet reads as zero). One place for the
 * names the dashboard and the demo's status line read.
 */
public final class PipelineMeters {

    // The names are the instrumenting classes' own: one definition per meter.
    public static final String REQUESTS_SCORED = ScoringMetrics.REQUESTS_SCORED;
    public static final String MODEL_LATENCY = ScoringMetrics.MODEL_LATENCY;
    public static final String REQUEST_LATENCY = ScoringMetrics.REQUEST_LATENCY;
    public static final String BATCH_SIZE = ScoringMetrics.BATCH_SIZE;
    public static final String MODEL_SERVING = ServingGauges.NAME;
    public static final String DEAD_LETTERS = DeadLetterCounter.NAME;
    public static final String DRIFT_ALERTS_OPEN = DriftGauges.ALERTS_OPEN;
    public static final String RECOMMEND_EVENTS = RecommenderStats.EVENTS;
    public static final String RECOMMEND_FEEDS = RecommenderStats.FEEDS;

    /** Serving entries: by model, then primary before canary before shadow, then version. */
    private static final Comparator<MeterReading.Serving> SERVING_ORDER = Comparator
        .comparing(MeterReading.Serving::model)
        .thenComparing(s -> roleRank(s.role()))
        .thenComparing(MeterReading.Serving::version);

    private final MeterRegistry registry;

    public PipelineMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The meters now; {@code nanoTime} and {@code epochMillis} say when. */
    public MeterReading read(long nanoTime, long epochMillis) {
        return new MeterReading(nanoTime, epochMillis, counted(REQUESTS_SCORED), counted(RECOMMEND_EVENTS),
            counted(RECOMMEND_FEEDS), counted(DEAD_LETTERS), histogram(REQUEST_LATENCY), histogram(MODEL_LATENCY),
            registry.find(BATCH_SIZE).summaries().stream().mapToDouble(DistributionSummary::totalAmount).sum(),
            registry.find(BATCH_SIZE).summaries().stream().mapToDouble(DistributionSummary::count).sum(),
            serving(), openAlerts());
    }

    private double counted(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private MeterReading.Histogram histogram(String name) {
        MeterReading.Histogram sum = MeterReading.Histogram.EMPTY;
        for (Timer timer : registry.find(name).timers()) {
            HistogramSnapshot s = timer.takeSnapshot();
            TreeMap<Double, Double> buckets = new TreeMap<>();
            for (CountAtBucket b : s.histogramCounts()) {
                if (Double.isFinite(b.bucket())) {
                    buckets.put(b.bucket(TimeUnit.SECONDS), b.count());
                }
            }
            sum = sum.plus(new MeterReading.Histogram(s.count(), s.total(TimeUnit.SECONDS), buckets));
        }
        return sum;
    }

    private List<MeterReading.Serving> serving() {
        List<MeterReading.Serving> out = new ArrayList<>();
        for (Gauge g : registry.find(MODEL_SERVING).gauges()) {
            double share = g.value();
            if (Double.isFinite(share)) {
                out.add(new MeterReading.Serving(tag(g, "model"), tag(g, "version"), tag(g, "role"), share));
            }
        }
        out.sort(SERVING_ORDER);
        return out;
    }

    private Map<String, Double> openAlerts() {
        Map<String, Double> bySeverity = new TreeMap<>();
        for (Gauge g : registry.find(DRIFT_ALERTS_OPEN).gauges()) {
            double n = g.value();
            if (Double.isFinite(n)) {
                bySeverity.merge(tag(g, "severity"), n, Double::sum);
            }
        }
        return bySeverity;
    }

    private static String tag(Gauge g, String key) {
        String v = g.getId().getTag(key);
        return v == null ? "" : v;
    }

    private static int roleRank(String role) {
        return switch (role) {
            case "primary" -> 0;
            case "canary" -> 1;
            case "shadow" -> 2;
            default -> 3;
        };
    }
}
