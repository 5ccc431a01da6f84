package io.inferstream.recommend.query;

import io.inferstream.avro.RecommendationSource;
import io.inferstream.avro.Recommendations;
import io.inferstream.avro.RecommendedItem;
import io.inferstream.avro.UserProfile;
import io.inferstream.recommend.ItemIndex;
import io.inferstream.recommend.Scored;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A user's feed from their profile and the item index, as the recommendations topic carries it: the top-k items by
 * {@code p_u . q_i + b_i} that are not among the user's recent items ({@code FACTORS}); a user without a profile,
 * or whose profile has no factors yet, gets the popular items instead ({@code POPULAR}, still skipping recent items).
 */
public final class Feeds {

    private Feeds() {
    }

    /**
     * @param profile the user's profile, or null when the user is unknown
     * @throws IllegalStateException when the profile's factors do not have the index's dimension (a configuration
     *                               mismatch between the stored state and {@code recommend.factors})
     */
    public static Recommendations feed(String userId, UserProfile profile, ItemIndex items, int k, Instant now) {
        Set<String> seen = profile == null ? Set.of() : new HashSet<>(profile.getSeen());
        List<Float> factors = profile == null ? List.of() : profile.getFactors();
        List<Scored> ranked;
        RecommendationSource source;
        if (factors.isEmpty()) {
            ranked = items.popular(k, seen::contains);
            source = RecommendationSource.POPULAR;
        } else {
            if (factors.size() != items.factors()) {
                throw new IllegalStateException("user " + userId + " has " + factors.size() + " factors, the item index "
                    + items.factors());
            }
            ranked = items.topK(toArray(factors), k, seen::contains);
            source = RecommendationSource.FACTORS;
        }
        return Recommendations.newBuilder()
            .setUserId(userId)
            .setItems(ranks(ranked))
            .setSource(source)
            .setGeneratedAt(now)
            .build();
    }

    /** Scored items, best first, as 1-based ranked items. */
    static List<RecommendedItem> ranks(List<Scored> ranked) {
        List<RecommendedItem> out = new ArrayList<>(ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            out.add(new RecommendedItem(ranked.get(i).itemId(), ranked.get(i).score(), i + 1));
        }
        return out;
    }

    static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
