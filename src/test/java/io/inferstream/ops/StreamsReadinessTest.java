package io.inferstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsReadinessTest {

    @Test
    void shouldNotBeReadyBeforeTheFirstRunning() {
        StreamsReadiness r = new StreamsReadiness();
        assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("CREATED"));
        r.onChange(State.REBALANCING);
        assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("REBALANCING"));
        r.onChange(State.RUNNING);
        assertThat(r.problem()).isEmpty();
    }

    @Test
    void shouldStayReadyThroughALaterRebalance() {
        StreamsReadiness r = new StreamsReadiness();
        r.onChange(State.RUNNING);
        r.onChange(State.REBALANCING);
        assertThat(r.problem()).isEmpty();
    }

    @Test
    void shouldNotBeReadyWhenStoppingOrFailed() {
        for (State s : new State[] {State.PENDING_SHUTDOWN, State.NOT_RUNNING, State.PENDING_ERROR, State.ERROR}) {
            assertThat(StreamsReadiness.problem(s, true)).as(s.name()).isPresent();
        }
    }
}
