package io.inferstream.inference;

import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.ShadowComparison;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Counts and sums over the shadow comparisons of one (model, served version, shadow version) in one window:
 * all a window needs to keep, whatever its traffic, to publish its agreement metrics.
 *
 * @param count     comparisons
 * @param agreed    comparisons with {@code agree = true}
 * @param errors    comparisons where the shadow could not score (or its outputs could not be compared)
 * @param diffCount comparisons with a numeric difference (no error, maxAbsDiff not NaN)
 * @param diffSum   sum of their maxAbsDiff
 * @param diffMax   largest of their maxAbsDiff (NaN while diffCount is 0)
 */
public record ShadowStats(String model, long servedVersion, long shadowVersion, long count, long agreed, long errors,
                          long diffCount, double diffSum, double diffMax) {

    public static final String AGREEMENT_RATE = "shadow_agreement_rate";
    public static final String MEAN_ABS_DIFF = "shadow_mean_abs_diff";
    public static final String MAX_ABS_DIFF = "shadow_max_abs_diff";
    public static final String ERROR_RATE = "shadow_error_rate";

    public ShadowStats {
        Objects.requireNonNull(model, "model");
    }

    /** One comparison, as a window's first contribution. */
    public static ShadowStats of(ShadowComparison c) {
        boolean error = c.getError() != null;
        boolean hasDiff = !error && !Double.isNaN(c.getMaxAbsDiff());
        return new ShadowStats(c.getModel(), c.getServedVersion(), c.getShadowVersion(), 1, c.getAgree() ? 1 : 0, error ? 1 : 0,
            hasDiff ? 1 : 0, hasDiff ? c.getMaxAbsDiff() : 0, hasDiff ? c.getMaxAbsDiff() : Double.NaN);
    }

    /** The monitored quantity's name in {@link DriftMetric#getFeature()}: {@code shadow:v<shadowVersion>}. */
    public static String feature(long shadowVersion) {
        return "shadow:v" + shadowVersion;
    }

    /** Key of the group and of its metric records: {@code <model>/<servedVersion>/shadow:v<shadowVersion>}, as model-drift-metrics is keyed. */
    public String groupKey() {
        return model + "/" + servedVersion + "/" + feature(shadowVersion);
    }

    public ShadowStats merge(ShadowStats o) {
        double max = diffCount == 0 ? o.diffMax : o.diffCount == 0 ? diffMax : Math.max(diffMax, o.diffMax);
        return new ShadowStats(model, servedVersion, shadowVersion, count + o.count, agreed + o.agreed, errors + o.errors,
            diffCount + o.diffCount, diffSum + o.diffSum, max);
    }

    public double agreementRate() {
        return count == 0 ? Double.NaN : (double) agreed / count;
    }

    public double errorRate() {
        return count == 0 ? Double.NaN : (double) errors / count;
    }

    /** Mean of maxAbsDiff over the comparisons that have one; NaN (undefined) when none has, e.g. only errors. */
    public double meanAbsDiff() {
        return diffCount == 0 ? Double.NaN : diffSum / diffCount;
    }

    /**
     * The window's four metrics, kind PREDICTION (the shadow's outputs drift from the served ones), feature
     * {@code shadow:v<shadowVersion>}, modelVersion the served version, no thresholds (they do not alert by themselves).
     */
    public List<DriftMetric> toMetrics(long windowStart, long windowEnd) {
        return List.of(metric(AGREEMENT_RATE, agreementRate(), windowStart, windowEnd),
            metric(MEAN_ABS_DIFF, meanAbsDiff(), windowStart, windowEnd),
            metric(MAX_ABS_DIFF, diffMax, windowStart, windowEnd),
            metric(ERROR_RATE, errorRate(), windowStart, windowEnd));
    }

    private DriftMetric metric(String name, double value, long windowStart, long windowEnd) {
        return DriftMetric.newBuilder().setModel(model).setModelVersion(servedVersion).setFeature(feature(shadowVersion))
            .setKind(DriftKind.PREDICTION).setSegment(null).setMetric(name).setValue(value)
            .setWarningThreshold(null).setCriticalThreshold(null)
            .setWindowStart(Instant.ofEpochMilli(windowStart)).setWindowEnd(Instant.ofEpochMilli(windowEnd))
            .setReferenceCount(0).setCurrentCount(count).build();
    }
}
