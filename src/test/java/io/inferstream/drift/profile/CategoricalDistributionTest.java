package io.inferstream.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoricalDistributionTest {

    @Test
    void shouldCountNamedValuesUpToTheBoundAndTheRestAsOther() {
        CategoricalDistribution d = CategoricalDistribution.create(2);
        for (String v : new String[] {"a", "b", "a", "c", "d", "b", "c"}) {
            d.update(v);
        }
        assertThat(d.counts()).containsExactly(Map.entry("a", 2L), Map.entry("b", 2L));
        assertThat(d.otherCount()).isEqualTo(3);
        assertThat(d.count()).isEqualTo(7);
    }

    @Test
    void shouldKeepTheMostFrequentValuesFromCompleteCounts() {
        CategoricalDistribution d = CategoricalDistribution.ofCounts(Map.of("a", 5L, "b", 9L, "c", 1L, "d", 5L), 25, 2);
        assertThat(d.counts()).containsExactly(Map.entry("a", 5L), Map.entry("b", 9L));
        assertThat(d.otherCount()).isEqualTo(11);
        assertThatThrownBy(() -> CategoricalDistribution.ofCounts(Map.of("a", 5L), 4, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMergeCountsAndOther() {
        CategoricalDistribution a = CategoricalDistribution.create(3);
        a.update("x", 4);
        a.update("y", 1);
        CategoricalDistribution b = CategoricalDistribution.create(1);
        b.update("y", 2);
        b.update("z", 5);
        a.merge(b);
        assertThat(a.counts()).containsExactly(Map.entry("x", 4L), Map.entry("y", 3L));
        assertThat(a.otherCount()).isEqualTo(5);
        assertThat(a.count()).isEqualTo(12);
    }

    @Test
    void shouldRoundTripThroughBytesAndRejectCorruptOnes() {
        CategoricalDistribution d = CategoricalDistribution.create(2);
        d.update("é", 3);
        d.update("b", 1);
        d.update("c", 2);
        CategoricalDistribution copy = CategoricalDistribution.fromBytes(d.toBytes());
        assertThat(copy.counts()).isEqualTo(d.counts());
        assertThat(copy.otherCount()).isEqualTo(2);
        assertThat(copy.maxValues()).isEqualTo(2);
        byte[] bytes = d.toBytes();
        assertThatThrownBy(() -> CategoricalDistribution.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.update(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
