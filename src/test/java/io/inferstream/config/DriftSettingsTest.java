package io.inferstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.drift.detect.DriftRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftSettingsTest {

    @Test
    void shouldDefaultToObservingInScoringWithEvidentlyLikeThresholds() {
        DriftSettings d = DriftSettings.defaults();
        assertThat(d.observe()).isEqualTo(DriftSettings.Observe.SCORING);
        assertThat(d.thresholds().psi()).isEqualTo(new DriftThresholds.Levels(0.1, 0.2));
        assertThat(d.thresholds().pValue()).isEqualTo(new DriftThresholds.Levels(0.05, 0.01));
        // the configured defaults make exactly the rule the statistics were tuned with
        assertThat(DriftRule.of(d.thresholds(), d.minSamples())).isEqualTo(DriftRule.defaults());
    }

    @Test
    void shouldReadObserveAndThresholdKeys() {
        InferstreamConfig c = ConfigLoader.load(Optional.empty(), Map.of(), List.of("drift.observe=results",
            "drift.threshold.psi.warning=0.15", "drift.threshold.psi.critical=0.3", "drift.threshold.wasserstein.critical=0.5",
            "drift.threshold.categorical.jensen.shannon.warning=0.07", "drift.threshold.categorical.jensen.shannon.critical=0.14",
            "drift.threshold.p.value.warning=0.01", "drift.threshold.p.value.critical=0.001"));

        DriftThresholds t = c.drift().thresholds();
        assertThat(c.drift().observe()).isEqualTo(DriftSettings.Observe.RESULTS);
        assertThat(t.psi()).isEqualTo(new DriftThresholds.Levels(0.15, 0.3));
        assertThat(t.wassersteinNormed()).isEqualTo(new DriftThresholds.Levels(0.1, 0.5));
        assertThat(t.jensenShannon()).isEqualTo(new DriftThresholds.Levels(0.1, 0.2));
        assertThat(t.categoricalJensenShannon()).isEqualTo(new DriftThresholds.Levels(0.07, 0.14));
        assertThat(t.pValue()).isEqualTo(new DriftThresholds.Levels(0.01, 0.001));
        assertThat(DriftRule.of(t, 100)).isEqualTo(DriftRule.defaults().withCategoricalJensenShannon(0.07, 0.14)
            .withNumericDistance("psi", 0.15, 0.3).withNumericDistance("wasserstein_normed", 0.1, 0.5).withPValue(0.01, 0.001));
    }

    @Test
    void shouldReadTheObservationFlushIntervalAndRejectZero() {
        assertThat(DriftSettings.defaults().observeFlush()).isEqualTo(DriftSettings.DEFAULT_OBSERVE_FLUSH);
        InferstreamConfig c = ConfigLoader.load(Optional.empty(), Map.of(), List.of("drift.observe.flush.interval=40ms"));
        assertThat(c.drift().observeFlush()).isEqualTo(java.time.Duration.ofMillis(40));
        assertThat(c.drift().withObserveFlush(java.time.Duration.ofSeconds(1)).observeFlush()).isEqualTo(java.time.Duration.ofSeconds(1));

        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("drift.observe.flush.interval=0ms")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("drift.observe.flush.interval");
        assertThatThrownBy(() -> DriftSettings.defaults().withObserveFlush(java.time.Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("observeFlush");
    }

    @Test
    void shouldRejectLevelsInTheWrongOrderAndUnknownObserveModes() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("drift.threshold.psi.warning=0.3",
            "drift.threshold.psi.critical=0.2", "drift.threshold.p.value.warning=0.01", "drift.threshold.p.value.critical=0.05",
            "drift.threshold.jensen.shannon.warning=-1", "drift.observe=everywhere")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("drift.threshold.psi.critical")
            .hasMessageContaining("drift.threshold.p.value.critical")
            .hasMessageContaining("drift.threshold.jensen.shannon.warning")
            .hasMessageContaining("drift.observe");
    }

    @Test
    void shouldDefaultToTheFormerBuiltInPerformanceLevels() {
        PerformanceThresholds p = DriftSettings.defaults().thresholds().performance();
        assertThat(p).isEqualTo(new PerformanceThresholds(new DriftThresholds.Levels(0.2, 0.4), new DriftThresholds.Levels(0.05, 0.10),
            new DriftThresholds.Levels(0.05, 0.10), new DriftThresholds.Levels(0.15, 0.30), new DriftThresholds.Levels(0.05, 0.10)));
        assertThat(PerformanceThresholds.defaults()).isEqualTo(p);
        // the distribution-only constructor keeps the default performance levels
        DriftThresholds t = DriftThresholds.defaults();
        assertThat(new DriftThresholds(t.psi(), t.wassersteinNormed(), t.jensenShannon(), t.categoricalJensenShannon(), t.pValue()))
            .isEqualTo(t);
    }

    @Test
    void shouldReadPerformanceThresholdKeys() {
        InferstreamConfig c = ConfigLoader.load(Optional.empty(), Map.of(), List.of(
            "drift.threshold.recall.warning=0.3", "drift.threshold.recall.critical=0.5",
            "drift.threshold.auc.warning=0.02", "drift.threshold.auc.critical=0.04",
            "drift.threshold.accuracy.critical=0.2",
            "drift.threshold.log.loss.warning=0.5", "drift.threshold.log.loss.critical=1.5",
            "drift.threshold.calibration.error.warning=0.1", "drift.threshold.calibration.error.critical=0.1"));

        PerformanceThresholds p = c.drift().thresholds().performance();
        assertThat(p.recall()).isEqualTo(new DriftThresholds.Levels(0.3, 0.5));
        assertThat(p.auc()).isEqualTo(new DriftThresholds.Levels(0.02, 0.04));
        assertThat(p.accuracy()).isEqualTo(new DriftThresholds.Levels(0.05, 0.2));
        // a relative rise of log loss may be more than all of the baseline
        assertThat(p.logLoss()).isEqualTo(new DriftThresholds.Levels(0.5, 1.5));
        assertThat(p.calibrationError()).isEqualTo(new DriftThresholds.Levels(0.1, 0.1));
        assertThat(c.drift().thresholds().psi()).isEqualTo(new DriftThresholds.Levels(0.1, 0.2));
    }

    @Test
    void shouldRejectPerformanceLevelsThatAreZeroOutOfOrderOrNeverReachable() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of(
            "drift.threshold.recall.critical=1", "drift.threshold.auc.warning=0", "drift.threshold.accuracy.warning=0.2",
            "drift.threshold.accuracy.critical=0.1", "drift.threshold.log.loss.warning=-0.1",
            "drift.threshold.calibration.error.critical=1.5")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("drift.threshold.recall.critical: must be below 1: a relative drop of 1 or more")
            .hasMessageContaining("drift.threshold.auc.warning: must be greater than 0")
            .hasMessageContaining("drift.threshold.accuracy.critical: must be at least drift.threshold.accuracy.warning (0.2)")
            .hasMessageContaining("drift.threshold.log.loss.warning: expected a number")
            .hasMessageContaining("drift.threshold.calibration.error.critical: must be below 1");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("drift.threshold.log.loss.critical=lots")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("drift.threshold.log.loss.critical");
    }
}
