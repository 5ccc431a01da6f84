package io.inferstream.drift.label;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.drift.detect.Adwin;
import io.inferstream.drift.detect.AlertState;
import io.inferstream.drift.detect.Hysteresis;
import io.inferstream.drift.detect.PageHinkley;
import io.inferstream.drift.detect.PerformanceRule;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Concept-drift detection on generated click streams, through exactly what the stream runs per window: a
 * {@link PerformanceWindow} of labelled results, each alerting metric judged by its {@link PerformanceRule} against its
 * baseline and the {@link Hysteresis#DEFAULT} (raise after 2 windows, clear after 3); and, per record, the sequential
 * detectors with the stream's settings.
 *
 * <p>Setup: the served model predicts the true click probability of the demo generator's baseline (features standard
 * normal, {@code sigmoid(-1.2 + 1.2 f0 - 0.9 f1 + 0.5 f2 + 0.8 f2 f3)}; a click-through rate of about 0.3); windows of
 * {@value #WINDOW} labelled results; {@value #SEEDS} seeds. The click probability shifts from window {@value #SHIFT_AT}
 * on (after the 3 warm-up windows and 5 healthy ones); "detected" = an alert raised by the end of the second shifted
 * window. No shift: {@value #QUIET_WINDOWS} windows per seed, counting the judged windows in which an alert is active.
 */
class PerformanceScenariosTest {

    static final int WINDOW = 2_000;
    static final int SEEDS = 200;
    static final int SHIFT_AT = 8;
    static final int QUIET_WINDOWS = 30;

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** One labelled window: scores from the model, labels from {@code truth} applied to the model's logit's features. */
    private static PerformanceWindow window(Random random, boolean shifted, Scenario scenario, double[] errors) {
        PerformanceWindow w = new PerformanceWindow();
        for (int i = 0; i < WINDOW; i++) {
            double f0 = random.nextGaussian();
            double f1 = random.nextGaussian();
            double f2 = random.nextGaussian();
            double f3 = random.nextGaussian();
            double model = -1.2 + 1.2 * f0 - 0.9 * f1 + 0.5 * f2 + 0.8 * f2 * f3;
            double truth = shifted ? scenario.truth.applyAsDouble(model) + scenario.f1Weight * f1 : model;
            double score = sigmoid(model);
            double label = random.nextDouble() < sigmoid(truth) ? 1 : 0;
            w.add(score, label);
            errors[i] = Math.abs(label - score);
        }
        return w;
    }

    /** A change of the true click model: its logit as a function of the model's logit, plus a weight on f1. */
    private record Scenario(String name, DoubleUnaryOperator truth, double f1Weight) {
    }

    private static final Scenario NONE = new Scenario("none", z -> z, 0);
    /** f1 stops lowering the click probability and raises it instead (weight -0.9 -> +0.9): ranking degrades. */
    private static final Scenario F1_REVERSED = new Scenario("f1 effect reversed", z -> z, 1.8);
    /** Clicks become more likely across the board (logit + 0.8, rate about 0.3 -> 0.45): calibration degrades. */
    private static final Scenario MORE_CLICKS = new Scenario("logit + 0.8", z -> z + 0.8, 0);

    /** Alert states of every alerting metric of one version, fed window by window as PerformanceWatch does. */
    private static final class Watch {
        final Map<String, double[]> baselines = new HashMap<>();
        final Map<String, AlertState> states = new HashMap<>();
        boolean raised;

        void window(PerformanceWindow w) {
            w.metrics().forEach((metric, value) -> PerformanceRule.forMetric(metric).ifPresent(rule -> {
                PerformanceRule.Judgement j = rule.judge(baselines.get(metric), value);
                baselines.put(metric, j.next());
                if (!j.warmingUp()) {
                    Hysteresis.Step step = Hysteresis.DEFAULT.step(states.getOrDefault(metric, AlertState.QUIET), j.severity());
                    states.put(metric, step.state());
                    raised |= step.event() == Hysteresis.Event.RAISED;
                }
            }));
        }

        boolean active() {
            return states.values().stream().anyMatch(AlertState::active);
        }
    }

    private static double detectionRate(Scenario scenario) {
        int detected = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            Random random = new Random(seed);
            Watch watch = new Watch();
            double[] errors = new double[WINDOW];
            for (int w = 0; w < SHIFT_AT; w++) {
                watch.window(window(random, false, scenario, errors));
            }
            boolean before = watch.raised;
            watch.window(window(random, true, scenario, errors));
            watch.window(window(random, true, scenario, errors));
            detected += !before && watch.raised ? 1 : 0;
        }
        return (double) detected / SEEDS;
    }

    @Test
    void shouldAlertWithinTwoWindowsOfAShiftInClickProbabilityInAtLeast95PercentOfRuns() {
        for (Scenario s : new Scenario[] {F1_REVERSED, MORE_CLICKS}) {
            double rate = detectionRate(s);
            System.out.printf("performance drift '%s': alerted within 2 windows in %.1f%% of %d runs%n", s.name(), 100 * rate, SEEDS);
            assertThat(rate).as(s.name()).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void shouldRaiseAlertsInAtMostOnePercentOfWindowsWithoutAShift() {
        long judged = 0;
        long alerting = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            Random random = new Random(1_000 + seed);
            Watch watch = new Watch();
            double[] errors = new double[WINDOW];
            for (int w = 0; w < QUIET_WINDOWS; w++) {
                watch.window(window(random, false, NONE, errors));
                if (w >= PerformanceRule.WARMUP_WINDOWS) {
                    judged++;
                    alerting += watch.active() ? 1 : 0;
                }
            }
        }
        double rate = (double) alerting / judged;
        System.out.printf("performance drift, no shift: alert active in %.2f%% of %d windows%n", 100 * rate, judged);
        assertThat(rate).isLessThanOrEqualTo(0.01);
    }

    /** Records after the shift until a detector fires (Integer.MAX_VALUE: not within 2 windows), and false alarms before. */
    private static int[] runDetector(boolean adwin, Scenario scenario, int seed) {
        Random random = new Random(seed);
        Adwin a = new Adwin();
        PageHinkley ph = new PageHinkley(PerformanceAggregator.PAGE_HINKLEY);
        double[] errors = new double[WINDOW];
        int falseAlarms = 0;
        for (int w = 0; w < SHIFT_AT + 2; w++) {
            boolean shifted = w >= SHIFT_AT;
            window(random, shifted, scenario, errors);
            for (int i = 0; i < WINDOW; i++) {
                double before = a.estimation();
                boolean fired = adwin ? a.update(errors[i]) && a.estimation() > before : ph.update(errors[i]);
                if (fired) {
                    if (!shifted) {
                        falseAlarms++;
                    } else {
                        return new int[] {(w - SHIFT_AT) * WINDOW + i, falseAlarms};
                    }
                }
            }
        }
        return new int[] {Integer.MAX_VALUE, falseAlarms};
    }

    @Test
    void shouldDetectTheShiftOnTheErrorStreamWithTheSequentialDetectors() {
        for (boolean adwin : new boolean[] {true, false}) {
            for (Scenario s : new Scenario[] {F1_REVERSED, MORE_CLICKS}) {
                int detected = 0;
                long falseAlarms = 0;
                for (int seed = 1; seed <= SEEDS; seed++) {
                    int[] r = runDetector(adwin, s, seed);
                    detected += r[0] != Integer.MAX_VALUE ? 1 : 0;
                    falseAlarms += r[1];
                }
                System.out.printf("%s on |label - p|, '%s': detected within 2 windows in %.1f%% of %d runs; %d false alarms in %,d "
                    + "stable records%n", adwin ? "ADWIN" : "Page-Hinkley (up)", s.name(), 100.0 * detected / SEEDS, SEEDS, falseAlarms,
                    (long) SEEDS * SHIFT_AT * WINDOW);
                assertThat((double) detected / SEEDS).isGreaterThanOrEqualTo(0.95);
                assertThat((double) falseAlarms / ((long) SEEDS * SHIFT_AT * WINDOW)).as("false alarms per record").isLessThan(1e-5);
            }
        }
    }
}
