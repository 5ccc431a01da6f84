package io.inferstream.recommend;

import io.inferstream.avro.RecommendationSource;
import io.inferstream.avro.Recommendations;
import io.inferstream.avro.RecommendedItem;
import io.inferstream.avro.UserProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ranks items for a user from this instance's {@link ItemIndex}: the top items by {@code p_u.q_i + b_i} that the
 * user has not seen recently, or, for a user without factors, the most popular unseen items. Feeds, explicit
 * requests, the prequential evaluation and the HTTP queries all rank here, so the evaluation measures exactly what
 * is served and every path answers alike.
 */
public final class Feeds {

    private final ItemIndex index;
    private final int factors;

    public Feeds(ItemIndex index) {
        this.index = index;
        this.factors = index.factors();
    }

    /** The user's top {@code k}, best first; whether they come from factors tells {@link #hasFactors}. */
    List<Scored> rank(UserProfile profile, int k) {
        Set<String> seen = profile == null ? Set.of() : new HashSet<>(profile.getSeen());
        if (hasFactors(profile)) {
            return index.topK(toArray(profile.getFactors()), k, seen::contains);
        }
        return index.popular(k, seen::contains);
    }

    /** The user's feed of {@code k} items; a profile whose factors have another dimension gets the popular items. */
    public Recommendations feed(String userId, UserProfile profile, int k, long now) {
        List<RecommendedItem> items = ranks(rank(profile, k));
        boolean byFactors = hasFactors(profile);
        return Recommendations.newBuilder()
            .setUserId(userId)
            .setItems(items)
            .setSource(byFactors ? RecommendationSource.FACTORS : RecommendationSource.POPULAR)
            .setModelVersion(byFactors ? "mf:events=" + profile.getEvents() + ",items=" + index.size() : "popular:items=" + index.size())
            .setGeneratedAt(Instant.ofEpochMilli(now))
            .build();
    }

    /**
     * Refuses a profile whose factors have another dimension than the index (state written under another
     * {@code recommend.factors}): for callers that must report that rather than fall back to popular items.
     *
     * @throws IllegalStateException naming both dimensions
     */
    public void requireMatchingFactors(String userId, UserProfile profile) {
        if (profile != null && !profile.getFactors().isEmpty() && !hasFactors(profile)) {
            throw new IllegalStateException("user " + userId + " has " + profile.getFactors().size() + " factors, the item index "
                + factors);
        }
    }

    /** Scored items, best first, as 1-based ranked items. */
    public static List<RecommendedItem> ranks(List<Scored> ranked) {
        List<RecommendedItem> out = new ArrayList<>(ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            out.add(new RecommendedItem(ranked.get(i).itemId(), ranked.get(i).score(), i + 1));
        }
        return out;
    }

    boolean hasFactors(UserProfile profile) {
        return profile != null && profile.getFactors().size() == factors;
    }

    public static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    static List<Float> toList(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }
}
