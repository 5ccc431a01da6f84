package io.inferstream.drift.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Page-Hinkley and ADWIN: the same detections as River on River's own doctest stream, detection of
 * an abrupt change in an error rate, silence on stationary streams, and state that survives
 * serialization.
 */
class SequentialDetectorsTest {

    /**
     * River's doctest stream for both detectors: {@code rng = random.Random(12345); rng.choices([0, 1],
     * k=1000) + rng.choices(range(4, 8), k=1000)}, generated with CPython's random module into the
     * resource file (one digit per value).
     */
    private static double[] riverDoctestStream() throws IOException {
        try (InputStream in = SequentialDetectorsTest.class.getResourceAsStream("/drift/river-doctest-stream.txt")) {
            String digits = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return digits.chars().mapToDouble(c -> c - '0').toArray();
        }
    }

    private static List<Integer> detections(SequentialDetector detector, double[] stream) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            if (detector.update(stream[i])) {
                at.add(i);
            }
        }
        return at;
    }

    @Test
    void shouldDetectWhereRiversPageHinkleyDoctestDoes() throws IOException {
        // River: "Change detected at index 1006, input value: 5"
        assertThat(detections(new PageHinkley(), riverDoctestStream())).containsExactly(1006);
    }

    @Test
    void shouldDetectWhereRiversAdwinDoctestDoes() throws IOException {
        // River: "Change detected at index 1023, input value: 4"
        assertThat(detections(new Adwin(), riverDoctestStream())).containsExactly(1023);
    }

    /** Per-record errors: Bernoulli(before) then Bernoulli(after) from {@code changeAt}. */
    private static double[] errorStream(long seed, int length, int changeAt, double before, double after) {
        Random random = new Random(seed);
        double[] s = new double[length];
        for (int i = 0; i < length; i++) {
            s[i] = random.nextDouble() < (i < changeAt ? before : after) ? 1 : 0;
        }
        return s;
    }

    @Test
    void shouldDetectAbruptRiseOfErrorRateSoonAfterItHappens() {
        int seeds = 100;
        int changeAt = 5_000;
        checkDetection(PageHinkley::new, seeds, changeAt, 600);
        checkDetection(Adwin::new, seeds, changeAt, 600);
    }

    /** Error rate 0.1 -> 0.4 at {@code changeAt}: every seed detects within {@code maxDelay} records, none before the change. */
    private static void checkDetection(Supplier<SequentialDetector> factory, int seeds, int changeAt, int maxDelay) {
        List<Integer> delays = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            double[] stream = errorStream(seed, changeAt + 2_000, changeAt, 0.1, 0.4);
            List<Integer> at = detections(factory.get(), stream);
            assertThat(at).as("seed %d", seed).isNotEmpty();
            assertThat(at.get(0)).as("first detection, seed %d", seed).isGreaterThanOrEqualTo(changeAt);
            delays.add(at.get(0) - changeAt);
        }
        assertThat(delays).allSatisfy(d -> assertThat(d).isLessThan(maxDelay));
        System.out.printf("%s: delay after an error-rate change 0.1 -> 0.4, %d seeds: max %d, mean %.1f records%n",
                factory.get().getClass().getSimpleName(), seeds, delays.stream().mapToInt(Integer::intValue).max().orElse(0),
                delays.stream().mapToInt(Integer::intValue).average().orElse(0));
    }

    @Test
    void shouldStayQuietOnStationaryErrorStreams() {
        for (long seed = 1; seed <= 50; seed++) {
            double[] stream = errorStream(seed, 20_000, Integer.MAX_VALUE, 0.2, 0.2);
            assertThat(detections(new Adwin(), stream)).as("ADWIN, seed %d", seed).isEmpty();
        }
    }

    /**
     * Page-Hinkley with River's defaults is not scale-free: its threshold of 50 is in units of the
     * monitored value, so on a 0/1 error stream its false-alarm rate grows with the error variance
     * (measured here: about 0.1 per 10,000 records at error rate 0.1, 0.45 at 0.2). Bound: under one
     * false alarm per 10,000 records, and none at an error rate of 0.05.
     */
    @Test
    void shouldRaiseRareFalseAlarmsWithRiversPageHinkleyDefaults() {
        for (double rate : new double[] {0.05, 0.1, 0.2}) {
            long alarms = 0;
            long records = 0;
            for (long seed = 1; seed <= 100; seed++) {
                double[] stream = errorStream(seed, 20_000, Integer.MAX_VALUE, rate, rate);
                alarms += detections(new PageHinkley(), stream).size();
                records += stream.length;
            }
            double per10k = alarms * 10_000.0 / records;
            System.out.printf("Page-Hinkley (River defaults), stationary error rate %.2f: %d false alarms in %d records (%.3f per 10k)%n",
                    rate, alarms, records, per10k);
            assertThat(per10k).as("false alarms per 10k records at error rate %s", rate).isLessThan(1.0);
            if (rate == 0.05) {
                assertThat(alarms).isLessThanOrEqualTo(5);
            }
        }
    }

    @Test
    void shouldContinueIdenticallyAfterStateRoundTrip() {
        double[] stream = errorStream(7, 8_000, 4_000, 0.1, 0.35);
        PageHinkley ph = new PageHinkley();
        Adwin adwin = new Adwin();
        for (int i = 0; i < 3_000; i++) {
            ph.update(stream[i]);
            adwin.update(stream[i]);
        }
        PageHinkley phCopy = PageHinkley.fromBytes(ph.toBytes());
        Adwin adwinCopy = Adwin.fromBytes(adwin.toBytes());
        assertThat(adwinCopy.width()).isEqualTo(adwin.width());
        for (int i = 3_000; i < stream.length; i++) {
            assertThat(phCopy.update(stream[i])).isEqualTo(ph.update(stream[i]));
            assertThat(adwinCopy.update(stream[i])).isEqualTo(adwin.update(stream[i]));
            assertThat(adwinCopy.estimation()).isEqualTo(adwin.estimation());
        }
        assertThat(adwin.detections()).isPositive();
    }

    @Test
    void shouldKeepAdwinStateSmallOnLongStreams() {
        Adwin adwin = new Adwin();
        Random random = new Random(3);
        for (int i = 0; i < 1_000_000; i++) {
            adwin.update(random.nextDouble() < 0.2 ? 1 : 0);
        }
        // Exponential histogram: at most maxBuckets + 1 buckets per row, log2(window) rows.
        assertThat(adwin.buckets()).isLessThanOrEqualTo(6 * 21);
        assertThat(adwin.toBytes().length).isLessThan(3_000);
        System.out.printf("ADWIN after 1e6 stationary values: window %d, %d buckets, %d bytes%n",
                adwin.width(), adwin.buckets(), adwin.toBytes().length);
    }

    @Test
    void shouldRejectCorruptState() {
        assertThatThrownBy(() -> Adwin.fromBytes(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageHinkley.fromBytes(new byte[] {9})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Adwin.Settings(0, 32, 5, 5, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
