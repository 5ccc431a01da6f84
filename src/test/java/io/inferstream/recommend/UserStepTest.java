package io.inferstream.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UserStepTest {

    private static final MfSettings SETTINGS = new MfSettings(2, 1f, 0f, 0.01f, 7L, 0f, 1f, 0f);

    @Test
    void shouldActLikePlainIsgdWithoutAdaptation() {
        Map<String, float[]> items = new HashMap<>(Map.of("a", new float[] {0.6f, 0f}));
        UserStep step = new UserStep(SETTINGS, UserAdaptation.none(), new PopularItems(10), items::get, new SplittableRandom(1));
        float[] p = {0.1f, 0.2f};
        float[] expected = p.clone();
        MfUpdates.isgd(expected, items.get("a"), 1f, SETTINGS);

        UserStep.Result r = step.learn(p, "a", items.get("a"), 1f);

        assertThat(p).containsExactly(expected);
        assertThat(r.sent()).containsExactly(expected);
        assertThat(r.itemWeight()).isEqualTo(1f);
    }

    @Test
    void shouldPushTheUserAwayFromPopularItemsAfterSendingTheUserFactors() {
        Map<String, float[]> items = new HashMap<>();
        items.put("popular", new float[] {0.8f, 0f});
        items.put("chosen", new float[] {0f, 0.8f});
        PopularItems popular = new PopularItems(10);
        popular.add("popular");
        UserStep step = new UserStep(SETTINGS, new UserAdaptation(2, 0.5f, 10, 0.5f), popular, items::get,
            new SplittableRandom(1));
        float[] p = {0.5f, 0.5f};
        float[] positiveOnly = p.clone();
        MfUpdates.isgd(positiveOnly, items.get("chosen"), 2f, SETTINGS);

        UserStep.Result r = step.learn(p, "chosen", items.get("chosen"), 2f);

        // The item side gets p_u after the positive step only, with half the event's weight.
        assertThat(r.sent()).containsExactly(positiveOnly);
        assertThat(r.itemWeight()).isEqualTo(1f);
        // The negatives then lowered p_u's score of the popular item.
        assertThat(MfUpdates.dot(p, items.get("popular"))).isLessThan(MfUpdates.dot(r.sent(), items.get("popular")));
        assertThat(p[1]).isEqualTo(r.sent()[1]);
        assertThat(items.get("popular")).containsExactly(0.8f, 0f);
        assertThat(popular.size()).isEqualTo(2);
    }

    @Test
    void shouldSkipTheConsumedItemAndItemsTheReplicaDoesNotKnow() {
        Map<String, float[]> items = new HashMap<>();
        items.put("chosen", new float[] {0.5f, 0.5f});
        PopularItems popular = new PopularItems(4);
        popular.add("chosen");
        popular.add("unknown");
        UserStep step = new UserStep(SETTINGS, new UserAdaptation(5, 1f, 4, 1f), popular, items::get, new SplittableRandom(3));
        float[] p = {0.1f, 0.1f};

        UserStep.Result r = step.learn(p, "chosen", items.get("chosen"), 1f);

        assertThat(p).containsExactly(r.sent());
    }

    @Test
    void shouldDrawNothingFromAnEmptySampleAndInProportionToRecentCounts() {
        PopularItems popular = new PopularItems(4);
        SplittableRandom random = new SplittableRandom(5);
        assertThat(popular.sample(random)).isNull();
        for (String id : new String[] {"old", "a", "a", "a", "b"}) {
            popular.add(id);
        }
        assertThat(popular.size()).isEqualTo(4);
        int a = 0;
        for (int n = 0; n < 4_000; n++) {
            String drawn = popular.sample(random);
            assertThat(drawn).isIn("a", "b");
            a += drawn.equals("a") ? 1 : 0;
        }
        assertThat(a / 4_000.0).isBetween(0.70, 0.80);
    }

    @Test
    void shouldRefitTheUserOverTheRecentItemsInsteadOfTheIsgdStep() {
        ItemIndex index = new ItemIndex(2);
        index.upsert("old", new float[] {1f, 0f}, 0f, 1, 1);
        index.upsert("new", new float[] {0f, 1f}, 0f, 1, 1);
        UserRefit refit = new UserRefit(2, 0f, 1f, 1f, 100);
        UserStep step = new UserStep(SETTINGS, UserAdaptation.none().withRefit(refit), new PopularItems(10),
            id -> index.factorsOf(id).orElse(null), new SplittableRandom(1), new ItemGramian(index, 100));
        float[] p = {0.9f, 0.1f};
        float[] expected = p.clone();
        refit.refit(expected, List.of(new float[] {0f, 1f}, new float[] {0f, 1f}), new ItemGramian(index, 1).current(), 1f);

        // The window holds the last two of the user's recent items; the event's own item counts as the caller gave it.
        UserStep.Result r = step.learn(p, "new", new float[] {0f, 1f}, 1f, List.of("old", "new", "new"));

        assertThat(p).containsExactly(expected);
        assertThat(p[1]).isEqualTo(1f);
        assertThat(r.sent()).containsExactly(p);
        assertThat(r.itemWeight()).isEqualTo(1f);
    }

    @Test
    void shouldFallBackToTheIsgdStepWhenTheRefitHasNothingToFit() {
        ItemIndex index = new ItemIndex(2);
        UserStep step = new UserStep(SETTINGS, UserAdaptation.none().withRefit(new UserRefit(5, 0f, 1f, 1f, 100)),
            new PopularItems(10), id -> null, new SplittableRandom(1), new ItemGramian(index, 100));
        float[] q = {0.6f, 0f};
        float[] p = {0.1f, 0.2f};
        float[] expected = p.clone();
        MfUpdates.isgd(expected, q, 1f, SETTINGS);

        step.learn(p, "unknown", new float[] {0f, 0f}, 1f, List.of("unknown"));
        assertThat(p).containsExactly(0.1f, 0.2f); // a zero item vector: nothing to fit, and the ISGD step is zero too

        step.learn(p, "a", q, 1f, List.of());
        assertThat(p).containsExactly(expected);
    }

    @Test
    void shouldRequireTheGramianWhenTheRefitIsOn() {
        UserAdaptation refit = UserAdaptation.none().withRefit(new UserRefit(5, 0f, 1f, 1f, 100));
        assertThatThrownBy(() -> new UserStep(SETTINGS, refit, new PopularItems(10), id -> null, new SplittableRandom(1)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectInvalidSettings() {
        assertThatThrownBy(() -> new UserAdaptation(-1, 0.1f, 10, 1f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserAdaptation(1, 0f, 10, 1f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserAdaptation(1, 0.1f, 0, 1f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserAdaptation(1, 0.1f, 10, Float.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PopularItems(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
