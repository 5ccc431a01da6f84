package io.inferstream.recommend.eval;

import io.inferstream.recommend.FactorInit;
import io.inferstream.recommend.ItemIndex;
import io.inferstream.recommend.MfSettings;
import io.inferstream.recommend.MfUpdates;
import io.inferstream.recommend.Scored;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * ISGD matrix factorization run sequentially in one thread, with the same steps, in the same order, as the
 * recommendations topology: the user side updates p_u against its copy of q_i ({@link MfUpdates#isgd}), then the
 * item side updates q_i against the new p_u and publishes it to the {@link ItemIndex} that scoring reads. Users
 * without factors get the most popular items, as in the topology.
 *
 * <p>Optionally each event also brings {@code negatives} sampled negatives on the user side
 * ({@link MfUpdates#negative}): items drawn uniformly from the known ones, each a step towards p.q = 0 with weight
 * {@code negativeWeight}, after p_u went to the item side.
 *
 * <p>The popularity the index carries is the item's event count (all events so far), which also serves the
 * popularity baseline.
 */
final class IsgdModel {

    private final MfSettings settings;
    private final int negatives;
    private final float negativeWeight;
    private final SplittableRandom random;
    private final List<String> itemIds = new ArrayList<>();
    private final ItemIndex index;
    private final Map<String, float[]> users = new HashMap<>();
    private final Map<String, float[]> items = new HashMap<>();
    private final Map<String, long[]> counts = new HashMap<>();
    private long version;

    /** Plain ISGD. */
    IsgdModel(MfSettings settings) {
        this(settings, 0, 0f);
    }

    IsgdModel(MfSettings settings, int negatives, float negativeWeight) {
        this.settings = settings;
        this.negatives = negatives;
        this.negativeWeight = negativeWeight;
        this.random = new SplittableRandom(settings.seed());
        this.index = new ItemIndex(settings.factors());
    }

    ItemIndex index() {
        return index;
    }

    /** Top-n by p_u.q_i for a known user, else the n most popular items; {@code exclude} filters both. */
    List<Scored> recommend(String user, int n, Predicate<String> exclude) {
        float[] p = users.get(user);
        return p == null ? index.popular(n, exclude) : index.topK(p, n, exclude);
    }

    /** Counts one event for the item's popularity (creates the item's factors when it is new). */
    void count(String item) {
        long[] c = counts.computeIfAbsent(item, k -> new long[1]);
        c[0]++;
        publish(item, itemFactors(item));
    }

    /**
     * One ISGD step for the pair: user side first, then the item side with the updated p_u, then the user side's
     * negatives (the topology can apply them after sending p_u on).
     */
    void learn(String user, String item, float weight) {
        float[] p = users.computeIfAbsent(user, id -> FactorInit.of(id, settings));
        float[] q = itemFactors(item);
        MfUpdates.isgd(p, q, weight, settings);
        MfUpdates.isgd(q, p, weight, settings);
        publish(item, q);
        // After p_u went to the item side: the item learns from the positive step only.
        for (int k = 0; k < negatives; k++) {
            String other = itemIds.get(random.nextInt(itemIds.size()));
            if (!other.equals(item)) {
                MfUpdates.negative(p, items.get(other), weight * negativeWeight, settings);
            }
        }
    }

    private float[] itemFactors(String item) {
        return items.computeIfAbsent(item, id -> {
            itemIds.add(id);
            return FactorInit.of(id, settings);
        });
    }

    private void publish(String item, float[] q) {
        long[] c = counts.get(item);
        index.upsert(item, q, 0f, c == null ? 0 : c[0], ++version);
    }
}
