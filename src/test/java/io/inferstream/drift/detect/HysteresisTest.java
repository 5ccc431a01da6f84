package io.inferstream.drift.detect;

import static io.inferstream.drift.detect.Severity.CRITICAL;
import static io.inferstream.drift.detect.Severity.NONE;
import static io.inferstream.drift.detect.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.drift.detect.Hysteresis.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HysteresisTest {

    private final Hysteresis hysteresis = new Hysteresis(2, 3);

    private List<Event> run(Severity... windows) {
        AlertState state = AlertState.QUIET;
        List<Event> events = new ArrayList<>();
        for (Severity s : windows) {
            Hysteresis.Step step = hysteresis.step(state, s);
            state = step.state();
            events.add(step.event());
        }
        return events;
    }

    @Test
    void shouldRaiseAfterTwoConsecutiveDriftingWindows() {
        assertThat(run(WARNING, WARNING)).containsExactly(Event.NONE, Event.RAISED);
        assertThat(run(CRITICAL, WARNING)).containsExactly(Event.NONE, Event.RAISED);
    }

    @Test
    void shouldNotFlapWhenDriftAlternatesWithQuietWindows() {
        assertThat(run(WARNING, NONE, WARNING, NONE, CRITICAL, NONE, WARNING)).containsOnly(Event.NONE);
    }

    @Test
    void shouldNotFlapWhenRaisedAlertSeesFewerQuietWindowsThanNeededToClear() {
        assertThat(run(WARNING, WARNING, NONE, NONE, WARNING, NONE, NONE, WARNING))
                .containsExactly(Event.NONE, Event.RAISED, Event.NONE, Event.NONE, Event.NONE, Event.NONE, Event.NONE, Event.NONE);
    }

    @Test
    void shouldClearAfterThreeConsecutiveQuietWindows() {
        assertThat(run(WARNING, WARNING, NONE, NONE, NONE))
                .containsExactly(Event.NONE, Event.RAISED, Event.NONE, Event.NONE, Event.CLEARED);
    }

    @Test
    void shouldEscalateRaisedWarningToCriticalOnce() {
        AlertState state = AlertState.QUIET;
        state = hysteresis.step(state, WARNING).state();
        state = hysteresis.step(state, WARNING).state();
        Hysteresis.Step escalated = hysteresis.step(state, CRITICAL);
        assertThat(escalated.event()).isEqualTo(Event.ESCALATED);
        assertThat(escalated.state().severity()).isEqualTo(CRITICAL);
        assertThat(hysteresis.step(escalated.state(), CRITICAL).event()).isEqualTo(Event.NONE);
        Hysteresis.Step back = hysteresis.step(escalated.state(), WARNING);
        assertThat(back.event()).isEqualTo(Event.NONE);
        assertThat(back.state().severity()).isEqualTo(WARNING);
    }

    @Test
    void shouldKeepSeverityWhileRaisedAlertCoolsDown() {
        AlertState state = new AlertState(true, CRITICAL, 5, 0);
        Hysteresis.Step quiet = hysteresis.step(state, NONE);
        assertThat(quiet.state()).isEqualTo(new AlertState(true, CRITICAL, 0, 1));
    }

    @Test
    void shouldIgnoreWindowsWithoutVerdict() {
        AlertState state = hysteresis.step(AlertState.QUIET, WARNING).state();
        Verdict tooFew = new Verdict(NONE, false, Map.of());
        Hysteresis.Step skipped = hysteresis.step(state, tooFew);
        assertThat(skipped.state()).isEqualTo(state);
        assertThat(hysteresis.step(skipped.state(), new Verdict(WARNING, true, Map.of())).event()).isEqualTo(Event.RAISED);
    }

    @Test
    void shouldRaiseOnFirstWindowWhenConfiguredSo() {
        assertThat(new Hysteresis(1, 1).step(AlertState.QUIET, CRITICAL).event()).isEqualTo(Event.RAISED);
        assertThatThrownBy(() -> new Hysteresis(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
