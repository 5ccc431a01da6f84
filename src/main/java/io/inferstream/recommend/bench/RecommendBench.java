package io.inferstream.recommend.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.inferstream.recommend.MfSettings;
import io.inferstream.recommend.UserAdaptation;
import io.inferstream.recommend.eval.QualityOptions;
import io.inferstream.recommend.eval.QualityReport;
import io.inferstream.recommend.eval.QualityRun;
import io.inferstream.recommend.synthetic.SyntheticSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka-free part of {@code inferstream bench recommend}: recommendation quality on a generated stream
 * ({@link QualityRun}: online ISGD with the user-side adaptation vs popularity vs offline MF, and recovery after a
 * planted shift in a second run; then the same for plain ISGD, reported beside it)
 * and top-K latency against the plain scan ({@link TopKBench}). The learning throughput through Kafka is measured
 * elsewhere and added with {@link Result#withLearning}; {@link Result} serializes with Jackson in the layout.
 */
public final class RecommendBench {

    private static final Logger log = LoggerFactory.getLogger(RecommendBench.class);

    private RecommendBench() {
    }

    /**
     * @param quality        the stream of the quality run (no shift; the offline model is fitted on its prefix)
     * @param shift          the stream of the shift-recovery run (with a shift), or null to skip it
     * @param mf             the online model's settings (its factor count is also the top-K benchmark's)
     * @param qualityOptions how quality is evaluated (with the user-side adaptation the topology runs)
     * @param variant        a second evaluation of both streams, e.g. plain ISGD; null for none
     * @param topK           the top-K benchmark's options
     */
    public record Options(SyntheticSettings quality, SyntheticSettings shift, MfSettings mf, QualityOptions qualityOptions,
                          QualityOptions variant, TopKBench.Options topK) {
        public Options {
            Objects.requireNonNull(quality, "quality");
            Objects.requireNonNull(mf, "mf");
            Objects.requireNonNull(qualityOptions, "qualityOptions");
            Objects.requireNonNull(topK, "topK");
            if (shift != null && !shift.hasShift()) {
                throw new IllegalArgumentException("the shift run's settings have no shift");
            }
        }

        /** The variant the full preset also evaluates: plain ISGD, without the user-side adaptation. */
        public static final QualityOptions PLAIN_ISGD = QualityOptions.defaults().withAdaptation(UserAdaptation.none());

        /**
         * The size: 5k users, 2k items, 300k events; shift half way; the plain-ISGD variant;
         * 10k and 100k items for top-K.
         */
        public static Options full() {
            MfSettings mf = MfSettings.defaults();
            SyntheticSettings data = SyntheticSettings.benchmark(1);
            return new Options(data, data.withShiftAtFraction(0.5), mf, QualityOptions.defaults(), PLAIN_ISGD,
                TopKBench.Options.full(mf.factors()));
        }

        /**
         * 2k users, 1k items, 100k events (a third of the stream), shorter top-K runs and no variant, so it
         * stays within about 20 s of the 90 s budget of {@code bench recommend --quick}.
         */
        public static Options quick() {
            MfSettings mf = MfSettings.defaults();
            SyntheticSettings data = SyntheticSettings.benchmark(1).withSize(2_000, 1_000, 100_000);
            return new Options(data, data.withShiftAtFraction(0.5), mf, QualityOptions.defaults(), null,
                TopKBench.Options.quick(mf.factors()));
        }
    }

    /**
     * Quality in the JSON names plus the comparison on the offline model's events and the shift recovery.
     *
     * @param recall                      online ISGD, prequential recall@10 over the whole stream
     * @param popularityRecall            popularity baseline over the whole stream
     * @param offlineRecall               offline implicit ALS on the events after its training prefix
     * @param onlineRecallOnOfflineEvents online ISGD on exactly those events
     * @param shiftPreRecall              online recall just before the shift (null without a shift run)
     * @param shiftLowestRecall           the lowest post-shift window recall
     * @param shiftRecoveryFraction       share of post-shift events until recall is back within 10% of the pre-shift level
     *                                    (1 when it never is)
     * @param plainIsgd                   the same numbers for {@link Options#variant()}, null without one
     */
    @JsonPropertyOrder({"recall_at_10", "popularity_recall_at_10", "offline_recall_at_10", "online_recall_at_10_offline_events",
        "shift_pre_recall_at_10", "shift_lowest_recall_at_10", "shift_recovery_fraction", "plain_isgd"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Quality(@JsonProperty("recall_at_10") double recall,
                          @JsonProperty("popularity_recall_at_10") double popularityRecall,
                          @JsonProperty("offline_recall_at_10") double offlineRecall,
                          @JsonProperty("online_recall_at_10_offline_events") double onlineRecallOnOfflineEvents,
                          @JsonProperty("shift_pre_recall_at_10") Double shiftPreRecall,
                          @JsonProperty("shift_lowest_recall_at_10") Double shiftLowestRecall,
                          @JsonProperty("shift_recovery_fraction") Double shiftRecoveryFraction,
                          @JsonProperty("plain_isgd") Quality plainIsgd) {

        static Quality of(QualityReport main, QualityReport shift, Quality variant) {
            QualityReport.ShiftRecovery r = shift == null ? null : shift.shift();
            return new Quality(main.recall(), main.popularityRecall(), main.offlineRecall(), main.onlineRecallOnOfflineEvents(),
                r == null ? null : r.preShiftRecall(), r == null ? null : r.lowestRecall(),
                r == null ? null : r.recoveryFraction(), variant);
        }
    }

    /**
     * Everything {@code bench recommend} reports. {@code learning} is empty here; the Kafka part fills it (e.g.
     * {@code {"exactly_once_v2": {"events_per_s": n}, "at_least_once": {...}}}) through {@link #withLearning}.
     */
    @JsonPropertyOrder({"learning", "topk", "quality"})
    public record Result(@JsonProperty("learning") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> learning,
                         @JsonProperty("topk") Map<String, TopKBench.Latency> topK,
                         @JsonProperty("quality") Quality quality) {
        public Result {
            learning = Collections.unmodifiableMap(new LinkedHashMap<>(learning));
            topK = Collections.unmodifiableMap(new LinkedHashMap<>(topK));
        }

        /** A copy with {@code entries} added to (or replacing entries of) the learning map, in insertion order. */
        public Result withLearning(Map<String, ?> entries) {
            Map<String, Object> merged = new LinkedHashMap<>(learning);
            merged.putAll(entries);
            return new Result(merged, topK, quality);
        }
    }

    public static Result run(Options options) {
        Quality variant = options.variant() == null ? null : quality(options, options.variant(), null);
        Quality quality = quality(options, options.qualityOptions(), variant);
        long t0 = System.nanoTime();
        Map<String, TopKBench.Latency> topK = TopKBench.run(options.topK());
        log.info("top-k: {} in {} s", topK, seconds(t0));
        return new Result(Map.of(), topK, quality);
    }

    /** The quality run and, when configured, the shift run, evaluated with {@code evaluation}. */
    private static Quality quality(Options options, QualityOptions evaluation, Quality variant) {
        long t0 = System.nanoTime();
        QualityReport main = QualityRun.run(options.quality(), options.mf(), evaluation);
        log.info("quality ({}): recall@10 online {} popularity {} offline {} (online on the same events {}) "
                + "in {} s", evaluation.adaptation(), main.recall(), main.popularityRecall(), main.offlineRecall(),
            main.onlineRecallOnOfflineEvents(), seconds(t0));
        QualityReport shift = null;
        if (options.shift() != null) {
            long t1 = System.nanoTime();
            shift = QualityRun.run(options.shift(), options.mf(), evaluation.withoutOffline());
            log.info("shift ({}): {} in {} s", evaluation.adaptation(), shift.shift(), seconds(t1));
        }
        return Quality.of(main, shift, variant);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
