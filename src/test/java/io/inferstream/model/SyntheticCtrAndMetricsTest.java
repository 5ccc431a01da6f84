package io.inferstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure-Java parts of the demo: generator, metrics, profiles (no TensorFlow). */
class SyntheticCtrAndMetricsTest {

    @TempDir
    Path temp;

    @Test
    void shouldGenerateTheSameDataForTheSameSeed() {
        SyntheticCtr.Sample a = new SyntheticCtr(SyntheticCtr.Regime.BASELINE, 1).sample(100);
        SyntheticCtr.Sample b = new SyntheticCtr(SyntheticCtr.Regime.BASELINE, 1).sample(100);

        assertThat(a.features()).isEqualTo(b.features());
        assertThat(a.categories()).isEqualTo(b.categories());
        assertThat(a.clicks()).isEqualTo(b.clicks());
        assertThat(a.features()).hasSize(400);
        assertThat(java.util.Arrays.stream(a.categories()).allMatch(c -> c >= 0 && c < 8)).isTrue();
    }

    @Test
    void shouldShiftFeatureDistributionInShiftedRegime() {
        NumericProfile base = NumericProfile.of(new SyntheticCtr(SyntheticCtr.Regime.BASELINE, 2).sample(20_000).features(), 0, 4);
        NumericProfile shifted = NumericProfile.of(new SyntheticCtr(SyntheticCtr.Regime.SHIFTED, 2).sample(20_000).features(), 0, 4);

        assertThat(base.mean()).isCloseTo(0, within(0.05));
        assertThat(shifted.mean()).isCloseTo(0.75, within(0.05));
    }

    @Test
    void shouldComputeAucWithTies() {
        assertThat(BinaryMetrics.auc(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new boolean[] {false, false, true, true})).isEqualTo(0.75);
        assertThat(BinaryMetrics.auc(new float[] {0.1f, 0.9f}, new boolean[] {false, true})).isEqualTo(1.0);
        assertThat(BinaryMetrics.auc(new float[] {0.5f, 0.5f}, new boolean[] {false, true})).isEqualTo(0.5);
        assertThat(BinaryMetrics.auc(new float[] {0.2f, 0.3f}, new boolean[] {true, true})).isEqualTo(0.5);
        assertThat(BinaryMetrics.auc(new float[0], new boolean[0])).isEqualTo(0.5);
        assertThatThrownBy(() -> BinaryMetrics.auc(new float[1], new boolean[2])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldComputeLogLoss() {
        assertThat(BinaryMetrics.logLoss(new float[] {0.5f, 0.5f}, new boolean[] {true, false})).isCloseTo(Math.log(2), within(1e-9));
        assertThat(BinaryMetrics.logLoss(new float[] {1f}, new boolean[] {false})).isCloseTo(-Math.log(1e-7), within(1e-3));
        assertThat(BinaryMetrics.logLoss(new float[0], new boolean[0])).isZero();
    }

    @Test
    void shouldProfileStridedValuesAndEmptyInput() {
        NumericProfile p = NumericProfile.of(new float[] {1, 100, 2, 100, 3, 100, 4, 100}, 0, 2);

        assertThat(p.count()).isEqualTo(4);
        assertThat(p.mean()).isEqualTo(2.5);
        assertThat(p.std()).isCloseTo(Math.sqrt(1.25), within(1e-12));
        assertThat(p.quantiles()[50]).isEqualTo(2.5);
        assertThat(p.sample()).containsExactly(1, 2, 3, 4);
        assertThat(NumericProfile.of(new float[0], 0, 1).count()).isZero();
    }

    @Test
    void shouldRoundTripReferenceProfileAsJson() throws Exception {
        ReferenceProfile profile = new ReferenceProfile("ctr", 3, "BASELINE", 4, Map.of("f0", "features[0]"),
                Map.of("f0", NumericProfile.of(new float[] {1, 2, 3, 4}, 0, 1)),
                Map.of("category", CategoricalProfile.of(new long[] {1, 1, 2, 7})),
                Map.of("probability", NumericProfile.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 0, 1)), Map.of("heldOutAuc", 0.8));
        Path file = ReferenceProfile.file(temp.resolve("ctr/3"));

        profile.write(file);
        ReferenceProfile read = ReferenceProfile.read(file);

        assertThat(read.numericFeatures().get("f0").quantiles()).isEqualTo(profile.numericFeatures().get("f0").quantiles());
        assertThat(read.numericFeatures().get("f0").sample()).isEqualTo(profile.numericFeatures().get("f0").sample());
        assertThat(read.categoricalFeatures().get("category").frequencies()).containsExactlyInAnyOrderEntriesOf(
                Map.of("1", 2L, "2", 1L, "7", 1L));
        assertThat(read.metrics()).isEqualTo(profile.metrics());
        assertThat(read.featureInputs()).isEqualTo(profile.featureInputs());
    }
}
