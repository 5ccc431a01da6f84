package io.inferstream.inference;

import static io.inferstream.inference.RoutesFixture.routes;
import static io.inferstream.inference.RoutesFixture.served;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelReadinessTest {

    private final HalfPlusTwo ctr = new HalfPlusTwo("ctr", 1, 0.5f, 2f);
    private final HalfPlusTwo other = new HalfPlusTwo("other", 4, 0.5f, 2f);

    @Test
    void shouldBeReadyWhenEveryConfiguredModelIsServed() {
        assertThat(new ModelReadiness(routes(served(ctr), served(other)), Set.of("ctr", "other")).problem()).isEmpty();
    }

    @Test
    void shouldNameTheConfiguredModelsNotLoadedYet() {
        assertThat(new ModelReadiness(routes(served(other)), Set.of("ctr", "zeta", "other")).problem())
            .hasValue("models not loaded yet: ctr, zeta");
    }

    @Test
    void shouldWantAtLeastOneModelWhenNoneIsConfigured() {
        assertThat(new ModelReadiness(Map::of, Set.of()).problem()).hasValue("no model loaded yet");
        assertThat(new ModelReadiness(routes(served(other)), Set.of()).problem()).isEmpty();
    }
}
