package io.inferstream.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserRefitTest {

    /** Two orthogonal item directions, a few items each, so the Gramian is the identity times their count. */
    private static ItemGramian gramianOf(float[]... items) {
        ItemIndex index = new ItemIndex(items[0].length);
        for (int i = 0; i < items.length; i++) {
            index.upsert("i" + i, items[i], 0f, 1, 1);
        }
        return new ItemGramian(index, 1000).current();
    }

    @Test
    void shouldPointAUserWithOneItemAtThatItemScaledToTheMaximumNorm() {
        float[] a = {1f, 0f};
        float[] b = {0f, 1f};
        ItemGramian items = gramianOf(a, b);
        float[] p = {0.3f, 0.3f};

        boolean replaced = new UserRefit(10, 0f, 1f, 1f, 1).refit(p, List.of(a), items, 0.5f);

        assertThat(replaced).isTrue();
        assertThat(p[0]).isCloseTo(0.5f, within(1e-6f));
        assertThat(p[1]).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void shouldSolveTheRegularizedLeastSquaresSystemOverTheWindow() {
        float[] a = {1f, 0f};
        float[] b = {0.6f, 0.8f};
        ItemGramian items = gramianOf(a, b);
        float[] p = new float[2];

        new UserRefit(10, 0f, 0.5f, 2f, 1).refit(p, List.of(a, b), items, 1f);

        // A = 0.5 G + a a^T + b b^T + 2 I with G = a a^T + b b^T, so A = 1.5 (a a^T + b b^T) + 2 I; x = A^-1 (a + b).
        double[][] m = {{1.5 * (1 + 0.36) + 2, 1.5 * 0.48}, {1.5 * 0.48, 1.5 * 0.64 + 2}};
        double[] rhs = {1.6, 0.8};
        double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
        double x0 = (m[1][1] * rhs[0] - m[0][1] * rhs[1]) / det;
        double x1 = (m[0][0] * rhs[1] - m[1][0] * rhs[0]) / det;
        double norm = Math.hypot(x0, x1);
        assertThat(p[0]).isCloseTo((float) (x0 / norm), within(1e-5f));
        assertThat(p[1]).isCloseTo((float) (x1 / norm), within(1e-5f));
    }

    @Test
    void shouldLetTheNewestItemsDominateWithAShortHalfLife() {
        float[] old = {1f, 0f};
        float[] fresh = {0f, 1f};
        ItemGramian items = gramianOf(old, fresh);
        List<float[]> recent = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            recent.add(old);
        }
        recent.add(fresh);
        recent.add(fresh);
        float[] uniform = new float[2];
        float[] recency = new float[2];

        new UserRefit(50, 0f, 1f, 1f, 1).refit(uniform, recent, items, 1f);
        new UserRefit(50, 1f, 1f, 1f, 1).refit(recency, recent, items, 1f);

        assertThat(uniform[0]).isGreaterThan(uniform[1]);
        assertThat(recency[1]).isGreaterThan(recency[0]);
    }

    @Test
    void shouldUseOnlyTheLastWindowItems() {
        float[] old = {1f, 0f};
        float[] fresh = {0f, 1f};
        ItemGramian items = gramianOf(old, fresh);
        float[] p = new float[2];

        new UserRefit(2, 0f, 1f, 1f, 1).refit(p, List.of(old, old, old, fresh, fresh), items, 1f);

        assertThat(p[0]).isCloseTo(0f, within(1e-6f));
        assertThat(p[1]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void shouldLeaveTheFactorsAloneWithoutRecentItemsOrWithAZeroResult() {
        ItemGramian items = gramianOf(new float[] {1f, 0f});
        float[] p = {0.1f, 0.2f};
        UserRefit refit = new UserRefit(5, 0f, 1f, 1f, 1);

        assertThat(refit.refit(p, List.of(), items, 1f)).isFalse();
        assertThat(refit.refit(p, List.of(new float[] {0f, 0f}), items, 1f)).isFalse();
        assertThat(p).containsExactly(0.1f, 0.2f);
    }

    @Test
    void shouldStayFiniteForHugeItemFactors() {
        float[] huge = {Float.MAX_VALUE / 4, Float.MAX_VALUE / 4};
        ItemGramian items = gramianOf(new float[] {1f, 0f});
        float[] p = {0.1f, 0.2f};

        new UserRefit(5, 0f, 1f, 1f, 1).refit(p, List.of(huge), items, 1f);

        assertThat(MfUpdates.allFinite(p)).isTrue();
    }

    @Test
    void shouldRejectInvalidSettings() {
        assertThatThrownBy(() -> new UserRefit(-1, 0f, 1f, 1f, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserRefit(5, -1f, 1f, 1f, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserRefit(5, 0f, Float.NaN, 1f, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserRefit(5, 0f, 0f, 0f, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserRefit(5, 0f, 1f, 1f, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(UserRefit.off().enabled()).isFalse();
    }
}
