package io.inferstream.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.avro.RecommendationSource;
import io.inferstream.avro.Recommendations;
import io.inferstream.avro.RecommendedItem;
import io.inferstream.avro.UserProfile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T18:00:00Z");

    /** Items on the axes of a 2-d space; popularity rises with the number. */
    private static ItemIndex items() {
        ItemIndex index = new ItemIndex(2);
        index.upsert("x1", new float[] {1f, 0f}, 0f, 1, 1);
        index.upsert("x2", new float[] {2f, 0f}, 0f, 2, 1);
        index.upsert("y3", new float[] {0f, 3f}, 0f, 3, 1);
        index.upsert("y4", new float[] {0f, 4f}, 0.5f, 4, 1);
        return index;
    }

    private static UserProfile profile(List<Float> factors, List<String> seen) {
        return UserProfile.newBuilder().setUserId("u").setFactors(factors).setSeen(seen).setUpdatedAt(NOW).build();
    }

    /** As the HTTP query asks: a profile of another dimension is refused, the rest ranked by {@link Feeds#feed}. */
    private static Recommendations feed(ItemIndex index, String userId, UserProfile profile, int k) {
        Feeds feeds = new Feeds(index);
        feeds.requireMatchingFactors(userId, profile);
        return feeds.feed(userId, profile, k, NOW.toEpochMilli());
    }

    @Test
    void shouldRankUnseenItemsByFactorsPlusItemBias() {
        Recommendations feed = feed(items(), "u", profile(List.of(1f, 0.1f), List.of("x2")), 2);

        assertThat(feed.getSource()).isEqualTo(RecommendationSource.FACTORS);
        assertThat(feed.getUserId()).isEqualTo("u");
        assertThat(feed.getGeneratedAt()).isEqualTo(NOW);
        // y4: 0.4 + 0.5 bias; x1: 1.0; y3: 0.3; x2 is seen
        assertThat(feed.getItems()).extracting(RecommendedItem::getItemId).containsExactly("x1", "y4");
        assertThat(feed.getItems()).extracting(RecommendedItem::getRank).containsExactly(1, 2);
        assertThat(feed.getItems().get(0).getScore()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void shouldGiveUnknownUsersThePopularItems() {
        Recommendations feed = feed(items(), "new", null, 3);

        assertThat(feed.getSource()).isEqualTo(RecommendationSource.POPULAR);
        assertThat(feed.getItems()).extracting(RecommendedItem::getItemId).containsExactly("y4", "y3", "x2");
    }

    @Test
    void shouldGiveUsersWithoutFactorsThePopularItemsTheyHaveNotSeen() {
        Recommendations feed = feed(items(), "u", profile(List.of(), List.of("y4")), 2);

        assertThat(feed.getSource()).isEqualTo(RecommendationSource.POPULAR);
        assertThat(feed.getItems()).extracting(RecommendedItem::getItemId).containsExactly("y3", "x2");
    }

    @Test
    void shouldReturnAnEmptyFeedWhenThereAreNoItems() {
        assertThat(feed(new ItemIndex(2), "u", profile(List.of(1f, 1f), List.of()), 5).getItems()).isEmpty();
        assertThat(feed(new ItemIndex(2), "u", null, 5).getItems()).isEmpty();
    }

    @Test
    void shouldRefuseFactorsOfAnotherDimension() {
        assertThatThrownBy(() -> feed(items(), "u", profile(List.of(1f, 2f, 3f), List.of()), 2))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("3 factors");
    }
}
