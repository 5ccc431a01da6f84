package io.inferstream.recommend;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The user side's learning step for one event, ISGD or the closed-form refit plus {@link UserAdaptation}: the same
 * code runs in the recommendations topology (user partition) and in the prequential evaluation
 * ({@code recommend.eval.QualityRun}).
 *
 * <p>Per event (user u consumed item i with weight w), in this order:
 * <ol>
 *   <li>p_u learns: with {@link UserRefit} on, it is refitted in closed form over the user's recent items (the
 *       caller's list, ending with i) against the replica's item factors and their Gramian; otherwise (or when the
 *       refit has nothing to fit) the positive ISGD step against the replica's q_i ({@link MfUpdates#isgd});</li>
 *   <li>p_u as it is now goes to the item side ({@link Result#sent()}) with the weight
 *       {@link Result#itemWeight()} = w * itemWeight; the item's partition runs
 *       {@code MfUpdates.isgd(q_i, sent, itemWeight, settings)};</li>
 *   <li>{@code negatives} items j drawn from the recent-popularity sample, j != i: {@link MfUpdates#negative} on p_u
 *       against the replica's q_j with weight w * negativeWeight (user side only, the items do not learn from
 *       them);</li>
 *   <li>item i joins the recent-popularity sample.</li>
 * </ol>
 * The caller then stores p_u. Items the sample or the recent list names but the replica does not know
 * ({@code itemFactors} returns null) are skipped. The refit ignores w (the recent list keeps no event types); the
 * item side's step still carries it.
 */
public final class UserStep {

    private final MfSettings settings;
    private final UserAdaptation adaptation;
    private final PopularItems popular;
    private final Function<String, float[]> itemFactors;
    private final SplittableRandom random;
    private final ItemGramian gramian;

    /** Without the refit's Gramian: {@code adaptation} must not enable {@link UserRefit}. */
    public UserStep(MfSettings settings, UserAdaptation adaptation, PopularItems popular,
                    Function<String, float[]> itemFactors, SplittableRandom random) {
        this(settings, adaptation, popular, itemFactors, random, null);
    }

    /**
     * @param popular     the recent-popularity sample of this stream task (updated by {@link #learn})
     * @param itemFactors the replica's q_j by item id, null when unknown
     * @param random      the task's random source (seeded, so a replay of the same events draws the same items)
     * @param gramian     the replica's item Gramian, for {@link UserRefit}; may be null when the refit is off
     */
    public UserStep(MfSettings settings, UserAdaptation adaptation, PopularItems popular,
                    Function<String, float[]> itemFactors, SplittableRandom random, ItemGramian gramian) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.adaptation = Objects.requireNonNull(adaptation, "adaptation");
        this.popular = Objects.requireNonNull(popular, "popular");
        this.itemFactors = Objects.requireNonNull(itemFactors, "itemFactors");
        this.random = Objects.requireNonNull(random, "random");
        if (adaptation.refit().enabled() && gramian == null) {
            throw new IllegalArgumentException("the refit needs the item Gramian");
        }
        this.gramian = gramian;
    }

    /**
     * @param sent       a copy of p_u after the positive step, for the item side
     * @param itemWeight the weight of the item side's step, sent with p_u
     */
    public record Result(float[] sent, float itemWeight) {
    }

    /** {@link #learn(float[], String, float[], float, List)} for a user whose only recent item is this one. */
    public Result learn(float[] userFactors, String itemId, float[] item, float weight) {
        return learn(userFactors, itemId, item, weight, List.of(itemId));
    }

    /**
     * Learns one event on the user side; {@code userFactors} is updated in place, {@code item} is not touched.
     *
     * @param recent the user's recent distinct items, oldest first, ending with {@code itemId} (used by the refit)
     */
    public Result learn(float[] userFactors, String itemId, float[] item, float weight, List<String> recent) {
        UserRefit refit = adaptation.refit();
        if (!refit.enabled() || !refit.refit(userFactors, factorsOf(recent, itemId, item, refit.window()), gramian.current(),
                settings.maxNorm())) {
            MfUpdates.isgd(userFactors, item, weight, settings);
        }
        float[] sent = userFactors.clone();
        for (int n = 0; n < adaptation.negatives(); n++) {
            String other = popular.sample(random);
            float[] q = other == null || other.equals(itemId) ? null : itemFactors.apply(other);
            if (q != null) {
                MfUpdates.negative(userFactors, q, weight * adaptation.negativeWeight(), settings);
            }
        }
        popular.add(itemId);
        return new Result(sent, weight * adaptation.itemWeight());
    }

    /** The replica's factors of the last {@code window} recent items ({@code item} for the event's own). */
    private List<float[]> factorsOf(List<String> recent, String itemId, float[] item, int window) {
        List<float[]> out = new ArrayList<>(Math.min(window, recent.size()));
        for (int k = Math.max(0, recent.size() - window); k < recent.size(); k++) {
            String id = recent.get(k);
            float[] q = id.equals(itemId) ? item : itemFactors.apply(id);
            if (q != null) {
                out.add(q);
            }
        }
        return out;
    }
}
