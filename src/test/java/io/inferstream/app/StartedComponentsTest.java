package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartedComponentsTest {

    @Test
    void shouldCloseInReverseStartOrderEvenWhenOneCloseFails() {
        List<String> closed = new ArrayList<>();
        StartedComponents c = new StartedComponents();
        c.add("broker", () -> closed.add("broker"));
        c.add("registry", () -> {
            closed.add("registry");
            throw new IllegalStateException("registry close failed");
        });
        c.add("topologies", () -> closed.add("topologies"));
        assertThat(c.size()).isEqualTo(3);
        c.close();
        assertThat(closed).containsExactly("topologies", "registry", "broker");
        assertThat(c.size()).isZero();
        c.close(); // closing twice does nothing
        assertThat(closed).hasSize(3);
    }

    @Test
    void shouldCloseNothingWhenNothingStarted() {
        new StartedComponents().close();
    }
}
