package io.inferstream.recommend.query;

import io.inferstream.recommend.Feeds;

import io.inferstream.avro.Recommendations;
import io.inferstream.avro.RecommendedItem;
import io.inferstream.avro.UserProfile;
import java.time.Instant;
import java.util.List;

/**
 * The JSON bodies of the interactive queries (written by Jackson from these records). Times are ISO-8601 UTC
 * instants ({@code "2026-11-28T16:00:00.123Z"}), readable as they are and parsed by every JSON client's date type.
 */
public final class QueryBodies {

    private QueryBodies() {
    }

    /** One ranked item: 1-based {@code rank}, higher {@code score} is better. */
    public record RankedItem(String itemId, double score, int rank) {

        static List<RankedItem> of(List<RecommendedItem> items) {
            return items.stream().map(i -> new RankedItem(i.getItemId(), i.getScore(), i.getRank())).toList();
        }
    }

    /** {@code GET /users/{id}/recommendations}: source FACTORS, or POPULAR for a user without factors. */
    public record Feed(String userId, List<RankedItem> items, String source, String generatedAt) {

        static Feed of(Recommendations r) {
            return new Feed(r.getUserId(), RankedItem.of(r.getItems()), r.getSource().name(), iso(r.getGeneratedAt()));
        }
    }

    /** {@code GET /users/{id}/factors}: the user's learned state. */
    public record Factors(String userId, float[] factors, float bias, long events, String updatedAt) {

        static Factors of(UserProfile p) {
            return new Factors(p.getUserId(), Feeds.toArray(p.getFactors()), p.getBias(), p.getEvents(), iso(p.getUpdatedAt()));
        }
    }

    /** {@code GET /items/{id}/similar}: items by cosine similarity of their factors, most similar first. */
    public record Similar(String itemId, List<RankedItem> items) {
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
