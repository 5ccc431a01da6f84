package io.inferstream.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumericDistributionTest {

    @Test
    void shouldTrackCountMeanAndPopulationStd() {
        double[] v = {2, 4, 4, 4, 5, 5, 7, 9};
        NumericDistribution d = NumericDistribution.of(v);
        assertThat(d.count()).isEqualTo(8);
        assertThat(d.mean()).isCloseTo(5, within(1e-12));
        assertThat(d.std()).isCloseTo(2, within(1e-12));
        assertThat(d.min()).isEqualTo(2);
        assertThat(d.max()).isEqualTo(9);
    }

    @Test
    void shouldMergeLikeOneProfileOfAllValues() {
        Random random = new Random(4);
        double[] a = random.doubles(30_000, -5, 20).toArray();
        double[] b = random.doubles(7_000, 100, 200).toArray();
        NumericDistribution merged = NumericDistribution.of(a);
        merged.merge(NumericDistribution.of(b));
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        double mean = Arrays.stream(all).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(all).map(x -> (x - mean) * (x - mean)).sum() / all.length);
        assertThat(merged.count()).isEqualTo(all.length);
        assertThat(merged.mean()).isCloseTo(mean, within(1e-9));
        assertThat(merged.std()).isCloseTo(std, within(1e-9));
        assertThat(merged.cdf(new double[] {20})[0]).isCloseTo(30_000.0 / 37_000, within(merged.normalizedRankError()));
    }

    @Test
    void shouldRoundTripThroughBytes() {
        NumericDistribution d = NumericDistribution.of(new Random(1).doubles(50_000).toArray());
        NumericDistribution copy = NumericDistribution.fromBytes(d.toBytes());
        assertThat(copy.count()).isEqualTo(d.count());
        assertThat(copy.mean()).isEqualTo(d.mean());
        assertThat(copy.std()).isEqualTo(d.std());
        assertThat(copy.retainedValues()).containsExactly(d.retainedValues());
        assertThat(copy.toBytes()).isEqualTo(d.toBytes());
        assertThat(NumericDistribution.fromBytes(NumericDistribution.create().toBytes()).isEmpty()).isTrue();
    }

    @Test
    void shouldRejectNonFiniteValuesAndCorruptBytes() {
        NumericDistribution d = NumericDistribution.create();
        assertThatThrownBy(() -> d.update(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.update(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.isEmpty()).isTrue();
        assertThatThrownBy(() -> NumericDistribution.fromBytes(new byte[] {1, 0, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NumericDistribution.fromBytes(new byte[] {7})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format");
        byte[] bytes = NumericDistribution.of(1, 2, 3).toBytes();
        bytes[bytes.length - 30] ^= 0x7f;
        assertThatThrownBy(() -> NumericDistribution.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The state a stream keeps per monitored numeric feature and window: bounded whatever the traffic. */
    @Test
    void shouldStayBoundedAtAMillionUpdates() {
        Random random = new Random(9);
        NumericDistribution d = NumericDistribution.create();
        int[] checkpoints = {1_000, 10_000, 100_000, 1_000_000};
        int next = 0;
        StringBuilder sizes = new StringBuilder();
        for (int i = 1; i <= 1_000_000; i++) {
            d.update(random.nextGaussian());
            if (i == checkpoints[next]) {
                sizes.append(String.format("%,d updates: %,d bytes; ", i, d.toBytes().length));
                next++;
            }
        }
        int bytes = d.toBytes().length;
        System.out.println("numeric profile (KLL doubles k=200 + moments) serialized: " + sizes);
        assertThat(bytes).isLessThan(8_192);
    }
}
