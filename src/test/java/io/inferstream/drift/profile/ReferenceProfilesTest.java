package io.inferstream.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.inferstream.model.CategoricalProfile;
import io.inferstream.model.NumericProfile;
import io.inferstream.model.ReferenceProfile;
import io.inferstream.model.SyntheticCtr;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceProfilesTest {

    @TempDir
    Path temp;

    @Test
    void shouldUseTheKllSketchAModelProfileCarries() throws Exception {
        SyntheticCtr.Sample sample = new SyntheticCtr(SyntheticCtr.Regime.BASELINE, 2).sample(20_000);
        NumericProfile f0 = NumericProfile.of(sample.features(), 0, 4);
        ReferenceProfile profile = new ReferenceProfile("ctr", 1, "BASELINE", 20_000, Map.of(), Map.of("f0", f0),
                Map.of("category", CategoricalProfile.of(sample.categories())), Map.of(), Map.of());
        Path file = temp.resolve("reference_profile.json");
        profile.write(file);

        ReferenceProfiles.DriftReference reference = ReferenceProfiles.of(ReferenceProfile.read(file));
        NumericDistribution d = reference.numericFeatures().get("f0");
        assertThat(d.count()).isEqualTo(20_000);
        assertThat(d.mean()).isCloseTo(f0.mean(), within(1e-12));
        assertThat(d.std()).isCloseTo(f0.std(), within(1e-12));
        assertThat(d.min()).isEqualTo(f0.min());
        assertThat(d.max()).isEqualTo(f0.max());
        assertThat(d.quantile(0.5)).isCloseTo(f0.quantiles()[50], within(0.05));
        assertThat(reference.categoricalFeatures().get("category").count()).isEqualTo(20_000);
        assertThat(reference.categoricalFeatures().get("category").counts()).hasSize(SyntheticCtr.CATEGORIES);
    }

    @Test
    void shouldRebuildFromTheSampleWhenAnOlderProfileHasNoSketch() {
        NumericProfile full = NumericProfile.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 1);
        NumericProfile old = new NumericProfile(full.count(), full.mean(), full.std(), full.min(), full.max(), full.quantiles(),
                full.sample(), null);
        NumericDistribution d = ReferenceProfiles.numeric(old);
        assertThat(d.count()).isEqualTo(8);
        assertThat(d.quantile(0.5)).isEqualTo(4);
        NumericProfile empty = new NumericProfile(3, 0, 0, 0, 0, new double[101], new float[0], null);
        assertThatThrownBy(() -> ReferenceProfiles.numeric(empty)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldConvertDriftProfilesToTheModelFormatAndBack() {
        NumericDistribution d = NumericDistribution.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        NumericProfile p = ReferenceProfiles.toModel(d);
        assertThat(p.quantiles()).hasSize(101);
        assertThat(p.quantiles()[0]).isEqualTo(1);
        assertThat(p.quantiles()[100]).isEqualTo(10);
        NumericDistribution back = ReferenceProfiles.numeric(p);
        assertThat(back.toBytes()).isEqualTo(d.toBytes());

        CategoricalDistribution c = CategoricalDistribution.create(1);
        c.update("a", 3);
        c.update("b", 2);
        CategoricalDistribution cBack = ReferenceProfiles.categorical(ReferenceProfiles.toModel(c));
        assertThat(cBack.counts()).isEqualTo(c.counts());
        assertThat(cBack.otherCount()).isEqualTo(2);
    }
}
