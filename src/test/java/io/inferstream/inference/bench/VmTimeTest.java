package io.inferstream.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VmTimeTest {

    @Test
    void shouldReportTheCompilationAndCollectionMillisecondsBetweenTwoSnapshots() {
        Map<String, Double> ms = VmTime.millis(new VmTime.Snapshot(10_000, 300), new VmTime.Snapshot(12_500, 420));

        assertThat(ms).containsExactly(Map.entry(VmTime.JIT, 2_500.0), Map.entry(VmTime.GC, 120.0));
    }

    @Test
    void shouldLeaveOutWhatEitherEndDoesNotKnow() {
        assertThat(VmTime.millis(new VmTime.Snapshot(-1, 300), new VmTime.Snapshot(12_500, 420))).containsOnlyKeys(VmTime.GC);
        assertThat(VmTime.millis(new VmTime.Snapshot(10, 300), new VmTime.Snapshot(20, -1))).containsOnlyKeys(VmTime.JIT);
        assertThat(VmTime.millis(new VmTime.Snapshot(-1, -1), new VmTime.Snapshot(-1, -1))).isEmpty();
    }

    @Test
    void shouldTakeSnapshotsThatNeverGoBackwards() {
        VmTime.Snapshot first = VmTime.snapshot();
        VmTime.Snapshot second = VmTime.snapshot();

        // HotSpot (the JDKs this project builds on) reports both
        assertThat(VmTime.millis(first, second)).containsOnlyKeys(VmTime.JIT, VmTime.GC)
            .allSatisfy((k, v) -> assertThat(v).as(k).isNotNegative());
    }
}
