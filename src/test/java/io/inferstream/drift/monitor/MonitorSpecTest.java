package io.inferstream.drift.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.DType;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorSpecTest {

    /** What an observer was handed, in order: {@code <feature>=<value>} or {@code skipped:<reason>}. */
    private static final class Recorder implements MonitorSpec.Observer {
        final List<String> seen = new ArrayList<>();

        @Override
        public void numeric(Quantity quantity, double value) {
            seen.add(quantity.feature() + (quantity.segment() == null ? "" : "@" + quantity.segment()) + "=" + value);
        }

        @Override
        public void categorical(Quantity quantity, String value) {
            seen.add(quantity.feature() + (quantity.segment() == null ? "" : "@" + quantity.segment()) + "=" + value);
        }

        @Override
        public void skipped(String reason) {
            seen.add("skipped:" + reason);
        }
    }

    private final MonitorSpec spec = MonitorSpec.of(new DriftFixtures(1).reference(10));

    @Test
    void shouldReadEveryColumnOfASharedTensorAndTheOutputsOfOneResult() {
        Recorder r = new Recorder();
        int rows = spec.observe(DriftFixtures.result("r1", 0, 1.5f, -2f, "b", 0.25f), null, r);

        assertThat(rows).isEqualTo(1);
        assertThat(r.seen).containsExactlyInAnyOrder("x0=1.5", "x1=-2.0", "category=b", "p=0.25");
    }

    @Test
    void shouldReadEveryRowOfABatchedTensorAndEachSegment() {
        InferenceResult one = DriftFixtures.result("r2", 0, 1f, 2f, "a", 0.5f);
        Map<String, Tensor> features = new LinkedHashMap<>(one.getFeatures());
        features.put("x", DriftFixtures.tensor(DType.FLOAT, List.of(2L, 2L)).setFloatValues(List.of(1f, 2f, 3f, 4f)).build());
        features.put("category", DriftFixtures.tensor(DType.STRING, List.of(2L)).setStringValues(List.of("a", "c")).build());
        InferenceResult batch = InferenceResult.newBuilder(one).setFeatures(features)
            .setOutputs(Map.of("p", DriftFixtures.tensor(DType.FLOAT, List.of(2L)).setFloatValues(List.of(0.5f, 0.75f)).build())).build();
        Recorder r = new Recorder();

        int rows = spec.observe(batch, "north", r);

        assertThat(rows).isEqualTo(2);
        assertThat(r.seen).containsExactlyInAnyOrder("x0=1.0", "x0@north=1.0", "x0=3.0", "x0@north=3.0",
            "x1=2.0", "x1@north=2.0", "x1=4.0", "x1@north=4.0", "category=a", "category@north=a", "category=c", "category@north=c",
            "p=0.5", "p@north=0.5", "p=0.75", "p@north=0.75");
    }

    @Test
    void shouldCountEachMonitoredColumnOfAMissingTensorAsMissing() {
        InferenceResult full = DriftFixtures.result("r3", 0, 1f, 2f, "a", 0.5f);
        Map<String, Tensor> features = new LinkedHashMap<>(full.getFeatures());
        features.remove("x");
        Recorder r = new Recorder();

        spec.observe(InferenceResult.newBuilder(full).setFeatures(features).build(), null, r);

        assertThat(r.seen).containsExactlyInAnyOrder("skipped:" + DriftCounters.MISSING_FEATURE, "skipped:" + DriftCounters.MISSING_FEATURE,
            "category=a", "p=0.5");
    }

    @Test
    void shouldSkipNonFiniteValuesAndReadNothingFromAnEmptyTensor() {
        InferenceResult full = DriftFixtures.result("r4", 0, Float.NaN, 2f, "a", 0.5f);
        Recorder nan = new Recorder();
        spec.observe(full, null, nan);
        assertThat(nan.seen).contains("skipped:" + DriftCounters.NON_FINITE, "x1=2.0").doesNotContain("x0=NaN");

        Map<String, Tensor> features = new LinkedHashMap<>(full.getFeatures());
        features.put("x", DriftFixtures.tensor(DType.FLOAT, List.of(0L, 2L)).build());
        Recorder empty = new Recorder();
        spec.observe(InferenceResult.newBuilder(full).setFeatures(features).build(), null, empty);
        assertThat(empty.seen).noneMatch(s -> s.startsWith("x0") || s.startsWith("x1"));
    }
}
