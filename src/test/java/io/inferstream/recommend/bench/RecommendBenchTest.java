package io.inferstream.recommend.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.recommend.MfSettings;
import io.inferstream.recommend.eval.QualityOptions;
import io.inferstream.recommend.synthetic.SyntheticSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommendBenchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TopKBench.Options tinyTopK() {
        return new TopKBench.Options(List.of(500, 2_000), 8, 32, 5, 0.05, 0.1, 200, 1L);
    }

    @Test
    void shouldMeasureTopKAndTheScanForEverySize() {
        Map<String, TopKBench.Latency> result = TopKBench.run(tinyTopK());
        assertThat(result).containsOnlyKeys("500", "2000");
        result.values().forEach(l -> {
            assertThat(l.queries()).isBetween(10, 200);
            assertThat(l.p50Ms()).isPositive().isLessThanOrEqualTo(l.p99Ms());
            assertThat(l.scanMs()).isPositive().isLessThanOrEqualTo(l.scanP99Ms());
            assertThat(l.ratioToScan()).isPositive();
        });
    }

    @Test
    void shouldWriteTheIssuesJsonLayoutAndAcceptTheLearningPartLater() throws Exception {
        SyntheticSettings data = SyntheticSettings.small(1).withSize(100, 60, 3_000);
        RecommendBench.Options options = new RecommendBench.Options(data, data.withShiftAtFraction(0.5), MfSettings.defaults(),
            QualityOptions.defaults(), RecommendBench.Options.PLAIN_ISGD, tinyTopK());
        RecommendBench.Result result = RecommendBench.run(options);

        JsonNode json = JSON.readTree(JSON.writeValueAsString(result));
        assertThat(json.has("learning")).isFalse();
        assertThat(json.get("topk").get("500").fieldNames()).toIterable().contains("p50_ms", "p99_ms", "scan_ms");
        assertThat(json.get("topk").has("2000")).isTrue();
        JsonNode quality = json.get("quality");
        assertThat(quality.fieldNames()).toIterable()
            .contains("recall_at_10", "popularity_recall_at_10", "offline_recall_at_10", "shift_recovery_fraction");
        assertThat(quality.get("recall_at_10").isNumber()).isTrue();
        assertThat(quality.get("plain_isgd").fieldNames()).toIterable()
            .contains("recall_at_10", "offline_recall_at_10", "shift_recovery_fraction")
            .doesNotContain("plain_isgd");

        RecommendBench.Result merged = result.withLearning(Map.of("exactly_once_v2", Map.of("events_per_s", 1234.5)))
            .withLearning(Map.of("at_least_once", Map.of("events_per_s", 2345.5)));
        JsonNode mergedJson = JSON.readTree(JSON.writeValueAsString(merged));
        assertThat(mergedJson.fieldNames()).toIterable().containsExactly("learning", "topk", "quality");
        assertThat(mergedJson.get("learning").fieldNames()).toIterable().containsExactly("exactly_once_v2", "at_least_once");
        assertThat(mergedJson.get("learning").get("exactly_once_v2").get("events_per_s").asDouble()).isEqualTo(1234.5);
    }

    @Test
    void shouldLeaveTheShiftFieldsOutWithoutAShiftRun() throws Exception {
        SyntheticSettings data = SyntheticSettings.small(2).withSize(80, 40, 1_000);
        RecommendBench.Result result = RecommendBench.run(new RecommendBench.Options(data, null, MfSettings.defaults(),
            QualityOptions.defaults(), null, tinyTopK()));
        JsonNode quality = JSON.readTree(JSON.writeValueAsString(result)).get("quality");
        assertThat(quality.has("shift_recovery_fraction")).isFalse();
        assertThat(quality.has("offline_recall_at_10")).isTrue();
        assertThat(quality.has("plain_isgd")).isFalse();
    }
}
