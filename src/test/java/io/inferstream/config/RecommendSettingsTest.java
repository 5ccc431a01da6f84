package io.inferstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.recommend.MfSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecommendSettingsTest {

    @Test
    void shouldDefaultToTheTunedMatrixFactorizationSettings() {
        assertThat(RecommendSettings.defaults().mf()).isEqualTo(MfSettings.defaults());
        assertThat(InferstreamConfig.defaults().recommend()).isEqualTo(RecommendSettings.defaults());
    }

    @Test
    void shouldReadRecommendKeys() {
        InferstreamConfig c = ConfigLoader.load(Optional.empty(), Map.of(), List.of("recommend.factors=8", "recommend.feed.debounce=250ms",
            "recommend.eval.sample.rate=0.5"));
        assertThat(c.recommend().factors()).isEqualTo(8);
        assertThat(c.recommend().mf().factors()).isEqualTo(8);
        assertThat(c.recommend().feedDebounce()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.recommend().evalSampleRate()).isEqualTo(0.5);
    }

    @Test
    void shouldRejectBadValues() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("recommend.rating.min=6",
            "recommend.eval.window=0s", "recommend.eval.sample.rate=2")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("recommend.rating.min")
            .hasMessageContaining("recommend.eval.window")
            .hasMessageContaining("recommend.eval.sample.rate");
    }
}
