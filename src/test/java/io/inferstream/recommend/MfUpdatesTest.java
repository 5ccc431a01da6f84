package io.inferstream.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MfUpdatesTest {

    private static final MfSettings SETTINGS = MfSettings.defaults();
    private static final float[] HOSTILE = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
        -Float.MAX_VALUE, 1e30f, -1e30f, 1e-30f, 0f, -0f, Float.MIN_VALUE};

    private static float[] filled(float value) {
        float[] v = new float[SETTINGS.factors()];
        java.util.Arrays.fill(v, value);
        return v;
    }

    @Test
    void shouldNeverProduceNonFiniteFactorsFromHostileInputs() {
        for (float own : HOSTILE) {
            for (float other : HOSTILE) {
                for (float weight : HOSTILE) {
                    float[] p = filled(Float.isFinite(own) ? own : 0.1f);
                    float[] q = filled(other);
                    MfUpdates.isgd(p, q, weight, SETTINGS);
                    assertThat(MfUpdates.allFinite(p)).as("isgd own=%s other=%s weight=%s", own, other, weight).isTrue();
                    MfUpdates.negative(p, q, weight, SETTINGS);
                    assertThat(MfUpdates.allFinite(p)).as("negative own=%s other=%s weight=%s", own, other, weight).isTrue();
                    float bias = MfUpdates.rating(p, 0f, q, other, other, weight, SETTINGS);
                    assertThat(MfUpdates.allFinite(p)).as("rating own=%s other=%s weight=%s", own, other, weight).isTrue();
                    assertThat(Float.isFinite(bias) || Float.isNaN(bias)).isTrue();
                }
            }
        }
    }

    @Test
    void shouldNeverProduceNonFiniteFactorsOverManyRandomHugeSteps() {
        MfSettings loose = new MfSettings(8, 1e6f, 0f, 1f, 1L, 0f, Float.MAX_VALUE, 0f);
        SplittableRandom random = new SplittableRandom(3);
        float[] p = FactorInit.of("u", loose);
        float[] q = FactorInit.of("i", loose);
        for (int step = 0; step < 10_000; step++) {
            float weight = (float) (random.nextDouble() * 1e6);
            switch (random.nextInt(3)) {
                case 0 -> MfUpdates.isgd(p, q, weight, loose);
                case 1 -> MfUpdates.isgd(q, p, weight, loose);
                default -> MfUpdates.negative(p, q, weight, loose);
            }
            assertThat(MfUpdates.allFinite(p) && MfUpdates.allFinite(q)).isTrue();
        }
    }

    @Test
    void shouldLeaveFactorsUntouchedWhenTheStepIsNotFinite() {
        float[] p = filled(0.2f);
        float[] before = p.clone();
        assertThat(MfUpdates.isgd(p, filled(Float.NaN), 1f, SETTINGS)).isFalse();
        assertThat(p).containsExactly(before);
        assertThat(MfUpdates.isgd(p, filled(0.1f), Float.POSITIVE_INFINITY, SETTINGS)).isFalse();
        assertThat(p).containsExactly(before);
        assertThat(MfUpdates.rating(p, 0f, filled(0.1f), 0f, Double.NaN, 1f, SETTINGS)).isNaN();
        assertThat(p).containsExactly(before);
    }

    @Test
    void shouldClipFactorsToTheMaximumNorm() {
        float[] p = filled(0.5f);
        MfUpdates.isgd(p, filled(10f), 1f, SETTINGS);
        assertThat(Math.sqrt(MfUpdates.dot(p, p))).isLessThanOrEqualTo(SETTINGS.maxNorm() * 1.0001);
    }

    @Test
    void shouldMoveTowardsAPredictionOfOne() {
        MfSettings s = new MfSettings(4, 0.05f, 0f, 0.1f, 1L, 0f, 10f, 0f);
        float[] p = {0.1f, 0.1f, 0.1f, 0.1f};
        float[] q = {0.2f, 0.1f, 0.3f, 0.1f};
        float before = MfUpdates.dot(p, q);
        assertThat(MfUpdates.isgd(p, q, 1f, s)).isTrue();
        float after = MfUpdates.dot(p, q);
        assertThat(after).isGreaterThan(before).isLessThan(1f);
    }

    @Test
    void shouldMoveANegativeTowardsAPredictionOfZero() {
        MfSettings s = new MfSettings(4, 0.05f, 0f, 0.1f, 1L, 0f, 10f, 0f);
        float[] p = {0.5f, 0.5f, 0.5f, 0.5f};
        float[] q = {0.4f, 0.1f, 0.3f, 0.1f};
        float[] qBefore = q.clone();
        float before = MfUpdates.dot(p, q);
        assertThat(MfUpdates.negative(p, q, 1f, s)).isTrue();
        float after = MfUpdates.dot(p, q);
        assertThat(after).isLessThan(before).isGreaterThan(0f);
        assertThat(q).containsExactly(qBefore);
    }

    @Test
    void shouldRejectVectorsOfTheWrongLength() {
        assertThatThrownBy(() -> MfUpdates.isgd(new float[3], filled(0f), 1f, SETTINGS))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
