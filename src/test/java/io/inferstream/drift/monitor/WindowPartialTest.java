package io.inferstream.drift.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.avro.DriftKind;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowPartialTest {

    private static final Quantity NUMERIC = new Quantity("m", 2, DriftKind.PREDICTION, "p", "north", false);
    private static final Quantity CATEGORICAL = new Quantity("m", 2, DriftKind.FEATURE, "c", null, true);

    @Test
    void shouldRoundTripAndMerge() {
        WindowPartial a = WindowPartial.empty(NUMERIC, 60_000);
        WindowPartial b = WindowPartial.empty(NUMERIC, 60_000);
        for (int i = 0; i < 1000; i++) {
            a.add(i);
            b.add(-i);
        }
        WindowPartial back = WindowPartial.fromBytes(a.toBytes());
        assertThat(back.quantity()).isEqualTo(NUMERIC);
        assertThat(back.windowStart()).isEqualTo(60_000);
        back.merge(b);
        assertThat(back.count()).isEqualTo(2000);
        assertThat(back.numeric().mean()).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-9));

        WindowPartial c = WindowPartial.empty(CATEGORICAL, 0);
        c.add("x");
        c.add("y");
        assertThat(WindowPartial.fromBytes(c.toBytes()).categorical().counts()).containsEntry("x", 1L).containsEntry("y", 1L);
        assertThatThrownBy(() -> back.merge(c)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseBytesThatAreNotAPartial() {
        assertThatThrownBy(() -> WindowPartial.fromBytes(new byte[] {9, 9, 9})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WindowPartial.fromBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    /** State per monitored quantity and open window: bounded by the KLL sketch (k = 200), whatever the traffic. */
    @Test
    void shouldKeepAWindowsStateBoundedWhateverItsSize() {
        Random random = new Random(1);
        WindowPartial p = WindowPartial.empty(NUMERIC, 0);
        int[] sizes = new int[5];
        int n = 0;
        for (int step = 0; step < 5; step++) {
            int until = (int) Math.pow(10, step + 2);
            while (n < until) {
                p.add(random.nextGaussian());
                n++;
            }
            sizes[step] = p.toBytes().length;
        }
        // 100, 1k, 10k, 100k, 1M values
        assertThat(sizes[4]).isLessThan(8_000);
        assertThat(sizes[4] - sizes[2]).isLessThan(2_000);
        WindowPartial c = WindowPartial.empty(CATEGORICAL, 0);
        for (int i = 0; i < 100_000; i++) {
            c.add("v" + random.nextInt(1_000));
        }
        assertThat(c.toBytes().length).isLessThan(3_000);
        org.slf4j.LoggerFactory.getLogger(WindowPartialTest.class).info("window state bytes, numeric at 1e2..1e6 values: {}; "
            + "categorical (1,000 distinct values, 100 kept): {}", java.util.Arrays.toString(sizes), c.toBytes().length);
    }
}
