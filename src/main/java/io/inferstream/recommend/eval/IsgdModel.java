package io.inferstream.recommend.eval;

import io.inferstream.recommend.FactorInit;
import io.inferstream.recommend.ItemGramian;
import io.inferstream.recommend.ItemIndex;
import io.inferstream.recommend.MfSettings;
import io.inferstream.recommend.MfUpdates;
import io.inferstream.recommend.PopularItems;
import io.inferstream.recommend.RecentItems;
import io.inferstream.recommend.Scored;
import io.inferstream.recommend.UserAdaptation;
import io.inferstream.recommend.UserStep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Online matrix factorization run sequentially in one thread, with the same steps, in the same order, as the
 * recommendations topology: the user side runs {@link UserStep} (the refit or ISGD, per {@link UserAdaptation})
 * against its copy of the item factors, then the item side updates q_i against the p_u the user side sent and
 * publishes it to the {@link ItemIndex} that scoring reads. Users without factors get the most popular items, as in the topology.
 *
 * <p>The popularity the index carries is the item's event count (all events so far), which also serves the
 * popularity baseline.
 */
final class IsgdModel {

    private final MfSettings settings;
    private final UserStep userStep;
    private final ItemIndex index;
    private final Map<String, float[]> users = new HashMap<>();
    private final Map<String, float[]> items = new HashMap<>();
    private final Map<String, long[]> counts = new HashMap<>();
    private final Map<String, List<String>> recent = new HashMap<>();
    private final int recentMax;
    private long version;

    /** Plain ISGD. */
    IsgdModel(MfSettings settings) {
        this(settings, UserAdaptation.none());
    }

    IsgdModel(MfSettings settings, UserAdaptation adaptation) {
        this.settings = settings;
        this.index = new ItemIndex(settings.factors());
        this.recentMax = Math.max(1, adaptation.refit().window());
        this.userStep = new UserStep(settings, adaptation, new PopularItems(adaptation.recentItems()), items::get,
            new SplittableRandom(settings.seed()), new ItemGramian(index, adaptation.refit().gramRefresh()));
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
     * One event: the user side's {@link UserStep} (with the user's recent items, as the topology's profile keeps
     * them), then the item side's ISGD step with the p_u it sent.
     */
    void learn(String user, String item, float weight) {
        float[] p = users.computeIfAbsent(user, id -> FactorInit.of(id, settings));
        float[] q = itemFactors(item);
        List<String> userRecent = RecentItems.append(recent.getOrDefault(user, List.of()), item, recentMax);
        recent.put(user, userRecent);
        UserStep.Result r = userStep.learn(p, item, q, weight, userRecent);
        MfUpdates.isgd(q, r.sent(), r.itemWeight(), settings);
        publish(item, q);
    }

    private float[] itemFactors(String item) {
        return items.computeIfAbsent(item, id -> FactorInit.of(id, settings));
    }

    private void publish(String item, float[] q) {
        long[] c = counts.get(item);
        index.upsert(item, q, 0f, c == null ? 0 : c[0], ++version);
    }
}
