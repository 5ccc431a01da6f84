package io.inferstream.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    private static final String SCORING_APP = "bench-overhead_0_exactly_once_v2_with_drift-app";
    private static final String DRIFT_APP = "bench-overhead_0_exactly_once_v2_with_drift-drift-app";

    @Test
    void shouldGroupThreadsByTheApplicationIdInTheirNames() {
        assertThat(ThreadCpu.group(SCORING_APP + "-3f2a-StreamThread-1", SCORING_APP, DRIFT_APP)).isEqualTo(ThreadCpu.SCORING);
        assertThat(ThreadCpu.group("kafka-producer-network-thread | " + SCORING_APP + "-3f2a-StreamThread-1-producer", SCORING_APP, DRIFT_APP))
            .isEqualTo(ThreadCpu.SCORING);
        assertThat(ThreadCpu.group(DRIFT_APP + "-77aa-StreamThread-1", SCORING_APP, DRIFT_APP)).isEqualTo(ThreadCpu.DRIFT);
        assertThat(ThreadCpu.group(DRIFT_APP + "-77aa-GlobalStreamThread", SCORING_APP, DRIFT_APP)).isEqualTo(ThreadCpu.DRIFT);
        assertThat(ThreadCpu.group("data-plane-kafka-request-handler-0", SCORING_APP, DRIFT_APP)).isEqualTo(ThreadCpu.OTHER);
        assertThat(ThreadCpu.group("main", SCORING_APP, null)).isEqualTo(ThreadCpu.OTHER);
        // without a drift topology its name is not looked for
        assertThat(ThreadCpu.group(DRIFT_APP + "-77aa-StreamThread-1", SCORING_APP, null)).isEqualTo(ThreadCpu.OTHER);
    }

    @Test
    void shouldReportMicrosecondsPerResultPerGroupWithTheProcessRemainderAsGcAndJit() {
        ThreadCpu.Snapshot from = new ThreadCpu.Snapshot(Map.of(1L, 1_000_000L, 2L, 0L, 3L, 5_000_000L),
            Map.of(1L, SCORING_APP + "-a-StreamThread-1", 2L, DRIFT_APP + "-b-StreamThread-1", 3L, "data-plane-kafka-request-handler-1"),
            10_000_000L);
        // thread 4 started in between (counted from 0); the process used 40 ms more than its threads
        ThreadCpu.Snapshot to = new ThreadCpu.Snapshot(Map.of(1L, 21_000_000L, 2L, 4_000_000L, 3L, 11_000_000L, 4L, 2_000_000L),
            Map.of(1L, SCORING_APP + "-a-StreamThread-1", 2L, DRIFT_APP + "-b-StreamThread-1", 3L, "data-plane-kafka-request-handler-1",
                4L, "main"), 82_000_000L);

        Map<String, Double> perResult = ThreadCpu.perResult(from, to, 1_000, SCORING_APP, DRIFT_APP);

        assertThat(perResult.keySet()).containsExactly(ThreadCpu.SCORING, ThreadCpu.DRIFT, ThreadCpu.OTHER, ThreadCpu.VM, "total");
        assertThat(perResult.get(ThreadCpu.SCORING)).isCloseTo(20.0, within(1e-9));
        assertThat(perResult.get(ThreadCpu.DRIFT)).isCloseTo(4.0, within(1e-9));
        assertThat(perResult.get(ThreadCpu.OTHER)).isCloseTo(8.0, within(1e-9));
        assertThat(perResult.get(ThreadCpu.VM)).isCloseTo(40.0, within(1e-9));
        assertThat(perResult.get("total")).isCloseTo(72.0, within(1e-9));
    }

    @Test
    void shouldLeaveOutTheDriftGroupWithoutADriftTopologyAndGcWhereTheProcessTimeIsUnknown() {
        ThreadCpu.Snapshot from = new ThreadCpu.Snapshot(Map.of(1L, 0L), Map.of(1L, SCORING_APP + "-a-StreamThread-1"), -1);
        ThreadCpu.Snapshot to = new ThreadCpu.Snapshot(Map.of(1L, 3_000_000L), Map.of(1L, SCORING_APP + "-a-StreamThread-1"), -1);

        Map<String, Double> perResult = ThreadCpu.perResult(from, to, 100, SCORING_APP, null);

        assertThat(perResult.keySet()).containsExactly(ThreadCpu.SCORING, ThreadCpu.OTHER, "total");
        assertThat(perResult.get(ThreadCpu.SCORING)).isCloseTo(30.0, within(1e-9));
    }

    @Test
    void shouldReadThisJvmsThreads() {
        ThreadCpu.Snapshot now = ThreadCpu.snapshot();
        assertThat(now.names()).containsValue(Thread.currentThread().getName());
        assertThat(now.cpuNanos().keySet()).isEqualTo(now.names().keySet());
    }
}
