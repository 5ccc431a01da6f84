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
 * requests and the prequential evaluation all rank here, so the evaluation measures exactly what is served.
 */
final class Feeds {

    private final ItemIndex index;
    private final int factors;

    Feeds(ItemIndex index) {
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

    Recommendations feed(String userId, UserProfile profile, int k, long now) {
        List<Scored> ranked = rank(profile, k);
        List<RecommendedItem> items = new ArrayList<>(ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            items.add(new RecommendedItem(ranked.get(i).itemId(), ranked.get(i).score(), i + 1));
        }
        boolean byFactors = hasFactors(profile);
        return Recommendations.newBuilder()
            .setUserId(userId)
            .setItems(items)
            .setSource(byFactors ? RecommendationSource.FACTORS : RecommendationSource.POPULAR)
            .setModelVersion(byFactors ? "mf:events=" + profile.getEvents() + ",items=" + index.size() : "popular:items=" + index.size())
            .setGeneratedAt(Instant.ofEpochMilli(now))
            .build();
    }

    boolean hasFactors(UserProfile profile) {
        return profile != null && profile.getFactors().size() == factors;
    }

    static float[] toArray(List<Float> values) {
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
