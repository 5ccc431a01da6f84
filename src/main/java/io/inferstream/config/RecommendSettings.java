package io.inferstream.config;

import io.inferstream.recommend.MfSettings;
import io.inferstream.recommend.UserAdaptation;
import io.inferstream.recommend.UserRefit;
import java.time.Duration;
import java.util.Objects;

/**
 * How the recommendation topology learns, serves feeds and evaluates itself ({@code recommend.*}).
 *
 * @param factors          {@code recommend.factors}: latent dimensions
 * @param learningRate     {@code recommend.learning.rate}: SGD step size
 * @param regularization   {@code recommend.regularization}: L2 penalty
 * @param initScale        {@code recommend.init.scale}: standard deviation of new users' and items' factors
 * @param seed             {@code recommend.seed}: mixed into every id's initial factors
 * @param forgetting       {@code recommend.forgetting}: share of the factors forgotten before each update (0: none)
 * @param maxNorm          {@code recommend.max.norm}: factor vectors are clipped to this norm
 * @param ratingMean       {@code recommend.rating.mean}: global mean of explicit ratings
 * @param ratingMin        {@code recommend.rating.min}: lowest valid rating (lower ones are dead-lettered)
 * @param ratingMax        {@code recommend.rating.max}: highest valid rating
 * @param weightView       {@code recommend.weight.view}: learning-rate multiplier of a VIEW
 * @param weightClick      {@code recommend.weight.click}: of a CLICK
 * @param weightPurchase   {@code recommend.weight.purchase}: of a PURCHASE
 * @param weightRating     {@code recommend.weight.rating}: of a RATING
 * @param feedSize         {@code recommend.feed.size}: K, items per published feed
 * @param feedDebounce     {@code recommend.feed.debounce}: a user's feed is published this long after the first
 *                         event since its last feed
 * @param seenMax          {@code recommend.seen.max}: recent items per user kept and excluded from the feed
 * @param popularityWindow {@code recommend.popularity.window}: popularity counts the current and previous window
 * @param evalTopN         {@code recommend.eval.top.n}: N of the prequential recall@N
 * @param evalSampleRate   {@code recommend.eval.sample.rate}: share of events evaluated before learning
 * @param evalWindow       {@code recommend.eval.window}: tumbling event-time window of the recall metric
 * @param evalWindowGrace  {@code recommend.eval.window.grace}: how late an event may arrive and still count
 * @param adaptation       {@code recommend.negatives}, {@code recommend.negative.weight}, {@code recommend.popular.sample},
 *                         {@code recommend.item.weight}: the user side's popularity-sampled negatives and the item
 *                         side's relative step ({@link UserAdaptation}); {@code recommend.refit.window},
 *                         {@code recommend.refit.half.life}, {@code recommend.refit.gram.weight},
 *                         {@code recommend.refit.lambda}, {@code recommend.refit.gram.refresh}: the closed-form refit of
 *                         p_u over the user's recent items ({@link UserRefit})
 */
public record RecommendSettings(int factors, double learningRate, double regularization, double initScale, long seed,
                                double forgetting, double maxNorm, double ratingMean, double ratingMin, double ratingMax,
                                double weightView, double weightClick, double weightPurchase, double weightRating,
                                int feedSize, Duration feedDebounce, int seenMax, Duration popularityWindow, int evalTopN,
                                double evalSampleRate, Duration evalWindow, Duration evalWindowGrace,
                                UserAdaptation adaptation) {

    public RecommendSettings {
        Objects.requireNonNull(feedDebounce, "feedDebounce");
        Objects.requireNonNull(popularityWindow, "popularityWindow");
        Objects.requireNonNull(evalWindow, "evalWindow");
        Objects.requireNonNull(evalWindowGrace, "evalWindowGrace");
        Objects.requireNonNull(adaptation, "adaptation");
        if (!(ratingMin < ratingMax)) {
            throw new IllegalArgumentException("rating.min must be below rating.max");
        }
    }

    /** The built-in defaults. */
    public static RecommendSettings defaults() {
        return read(new ConfigReader(new RawConfig()));
    }

    /** The matrix-factorization hyper-parameters shared by the user and the item side. */
    public MfSettings mf() {
        return new MfSettings(factors, (float) learningRate, (float) regularization, (float) initScale, seed, (float) forgetting,
            (float) maxNorm, (float) ratingMean);
    }

    static RecommendSettings read(ConfigReader r) {
        int factors = r.integer("recommend.factors", 16, 1, 1024);
        double learningRate = r.decimal("recommend.learning.rate", 1.0, Double.MIN_VALUE, 10);
        double regularization = r.decimal("recommend.regularization", 0.1, 0, 10);
        double initScale = r.decimal("recommend.init.scale", 0.01, 0, 10);
        long seed = r.longValue("recommend.seed", 42, Long.MIN_VALUE);
        double forgetting = r.decimal("recommend.forgetting", 0.0, 0, 0.999);
        double maxNorm = r.decimal("recommend.max.norm", 1.0, Double.MIN_VALUE, 1e6);
        double ratingMean = r.decimal("recommend.rating.mean", 3.5, -1e9, 1e9);
        double ratingMin = r.decimal("recommend.rating.min", 1.0, -1e9, 1e9);
        double ratingMax = r.decimal("recommend.rating.max", 5.0, -1e9, 1e9);
        if (!(ratingMin < ratingMax)) {
            r.problem("recommend.rating.min", "must be below recommend.rating.max (" + ratingMax + ")");
            ratingMin = ratingMax - 1;
        }
        double weightView = r.decimal("recommend.weight.view", 1.0, 0, 100);
        double weightClick = r.decimal("recommend.weight.click", 1.0, 0, 100);
        double weightPurchase = r.decimal("recommend.weight.purchase", 1.0, 0, 100);
        double weightRating = r.decimal("recommend.weight.rating", 1.0, 0, 100);
        int feedSize = r.integer("recommend.feed.size", 10, 1, 1000);
        Duration debounce = r.duration("recommend.feed.debounce", Duration.ofSeconds(1));
        int seenMax = r.integer("recommend.seen.max", 50, 0, 10_000);
        Duration popularityWindow = positive(r, "recommend.popularity.window", Duration.ofHours(1));
        int evalTopN = r.integer("recommend.eval.top.n", 10, 1, 1000);
        double sampleRate = r.decimal("recommend.eval.sample.rate", 1.0, 0, 1);
        Duration evalWindow = positive(r, "recommend.eval.window", Duration.ofMinutes(1));
        Duration evalGrace = r.duration("recommend.eval.window.grace", Duration.ofSeconds(10));
        UserAdaptation defaults = UserAdaptation.defaults();
        UserAdaptation adaptation = new UserAdaptation(
            r.integer("recommend.negatives", defaults.negatives(), 0, 100),
            (float) r.decimal("recommend.negative.weight", defaults.negativeWeight(), 0, 10),
            r.integer("recommend.popular.sample", defaults.recentItems(), 1, 10_000_000),
            (float) r.decimal("recommend.item.weight", defaults.itemWeight(), Double.MIN_VALUE, 10),
            refit(r, defaults.refit()));
        return new RecommendSettings(factors, learningRate, regularization, initScale, seed, forgetting, maxNorm, ratingMean,
            ratingMin, ratingMax, weightView, weightClick, weightPurchase, weightRating, feedSize, debounce, seenMax,
            popularityWindow, evalTopN, sampleRate, evalWindow, evalGrace, adaptation);
    }

    /** The refit reads the profile's recent items, so a window above {@code recommend.seen.max} uses those. */
    private static UserRefit refit(ConfigReader r, UserRefit defaults) {
        int window = r.integer("recommend.refit.window", defaults.window(), 0, 10_000);
        float halfLife = (float) r.decimal("recommend.refit.half.life", defaults.halfLife(), 0, 1e6);
        float gramWeight = (float) r.decimal("recommend.refit.gram.weight", defaults.gramWeight(), 0, 1e6);
        float lambda = (float) r.decimal("recommend.refit.lambda", defaults.lambda(), 0, 1e6);
        int refresh = r.integer("recommend.refit.gram.refresh", defaults.gramRefresh(), 1, 1_000_000_000);
        if (!(gramWeight > 0 || lambda > 0)) {
            r.problem("recommend.refit.lambda", "must be > 0 when recommend.refit.gram.weight is 0");
            lambda = 1f;
        }
        return new UserRefit(window, halfLife, gramWeight, lambda, refresh);
    }

    private static Duration positive(ConfigReader r, String key, Duration defaultValue) {
        Duration d = r.duration(key, defaultValue);
        if (d.isZero()) {
            r.problem(key, "must be longer than 0");
            return defaultValue;
        }
        return d;
    }
}
