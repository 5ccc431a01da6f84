package io.inferstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.recommend.MfSettings;
import io.inferstream.recommend.UserAdaptation;
import io.inferstream.recommend.UserRefit;
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
    void shouldDefaultToTheRefitAndReadItsKeys() {
        assertThat(RecommendSettings.defaults().adaptation()).isEqualTo(UserAdaptation.defaults());
        assertThat(RecommendSettings.defaults().adaptation().refit().enabled()).isTrue();

        InferstreamConfig c = ConfigLoader.load(Optional.empty(), Map.of(), List.of("recommend.refit.window=20",
            "recommend.refit.half.life=0", "recommend.refit.gram.weight=0.5", "recommend.refit.lambda=3",
            "recommend.refit.gram.refresh=10"));
        assertThat(c.recommend().adaptation().refit()).isEqualTo(new UserRefit(20, 0f, 0.5f, 3f, 10));

        InferstreamConfig off = ConfigLoader.load(Optional.empty(), Map.of(), List.of("recommend.refit.window=0"));
        assertThat(off.recommend().adaptation().refit().enabled()).isFalse();
    }

    @Test
    void shouldRejectARefitWithoutGramianWeightOrPenalty() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("recommend.refit.gram.weight=0",
            "recommend.refit.lambda=0")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("recommend.refit.lambda");
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
