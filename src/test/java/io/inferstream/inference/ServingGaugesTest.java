package io.inferstream.inference;

import static io.inferstream.inference.RoutesFixture.routes;
import static io.inferstream.inference.RoutesFixture.served;
import static io.inferstream.inference.RoutesFixture.withCanary;
import static io.inferstream.inference.RoutesFixture.withShadow;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ServingGaugesTest {

    private final HalfPlusTwo v1 = new HalfPlusTwo("ctr", 1, 0.5f, 2f);
    private final HalfPlusTwo v2 = new HalfPlusTwo("ctr", 2, 0.5f, 3f);
    private final HalfPlusTwo v3 = new HalfPlusTwo("ctr", 3, 0.5f, 4f);
    private final MeterRegistry meters = new SimpleMeterRegistry();

    private double share(String version, String role) {
        Gauge g = meters.find(ServingGauges.NAME).tags("model", "ctr", "version", version, "role", role).gauge();
        assertThat(g).as("gauge version %s role %s", version, role).isNotNull();
        return g.value();
    }

    @Test
    void shouldSplitTrafficBetweenStableAndCanaryAndGiveTheShadowAllOfIt() {
        ServingGauges gauges = new ServingGauges(routes(withShadow(withCanary(served(v1, v2, v3), 2, 0.25), 3)), meters);
        gauges.refresh();

        assertThat(share("1", "primary")).isEqualTo(0.75);
        assertThat(share("2", "canary")).isEqualTo(0.25);
        assertThat(share("3", "shadow")).isEqualTo(1.0);
        assertThat(meters.find(ServingGauges.NAME).gauges()).hasSize(3);
    }

    @Test
    void shouldFollowRoutingChangesAndDropVersionsNoLongerServed() {
        AtomicReference<Map<String, ServedModel>> current = new AtomicReference<>(routes(withCanary(served(v1, v2), 2, 0.1)).snapshot());
        ServingGauges gauges = new ServingGauges(current::get, meters);
        gauges.refresh();
        assertThat(share("2", "canary")).isEqualTo(0.1);

        current.set(routes(served(v2)).snapshot());
        gauges.refresh();

        assertThat(share("2", "primary")).isEqualTo(1.0);
        assertThat(meters.find(ServingGauges.NAME).tags("version", "1").gauges()).isEmpty();
        assertThat(meters.find(ServingGauges.NAME).tags("role", "canary").gauges()).isEmpty();
    }

    @Test
    void shouldShowALoadedVersionWithoutARoleAtZero() {
        new ServingGauges(routes(served(v1, v2)), meters).refresh();
        assertThat(share("1", "primary")).isEqualTo(1.0);
        assertThat(share("2", "primary")).isZero();
    }

    @Test
    void shouldHaveNoRowsWithoutModels() {
        new ServingGauges(Map::of, meters).refresh();
        assertThat(meters.find(ServingGauges.NAME).gauges()).isEmpty();
    }

    @Test
    void shouldRefreshOnItsOwnThreadUntilClosed() throws Exception {
        AtomicReference<Map<String, ServedModel>> current = new AtomicReference<>(Map.of());
        try (ServingGauges gauges = new ServingGauges(current::get, meters).start(java.time.Duration.ofMillis(10))) {
            current.set(routes(served(v1)).snapshot());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (meters.find(ServingGauges.NAME).gauges().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(share("1", "primary")).isEqualTo(1.0);
        }
    }
}
