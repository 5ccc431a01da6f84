package io.inferstream.inference;

import static io.inferstream.inference.Requests.floats;
import static io.inferstream.inference.Requests.request;
import static io.inferstream.inference.Requests.x;
import static io.inferstream.inference.RoutesFixture.routes;
import static io.inferstream.inference.RoutesFixture.served;
import static io.inferstream.inference.RoutesFixture.withCanary;
import static io.inferstream.inference.RoutesFixture.withShadow;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ServingRole;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchScorerTest {

    private final HalfPlusTwo v1 = new HalfPlusTwo("half_plus_two", 1, 0.5f, 2f);
    private final HalfPlusTwo v2 = new HalfPlusTwo("half_plus_two", 2, 0.5f, 3f);
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);

    private BatchScorer scorer(ModelRoutes routes) {
        return new BatchScorer(routes, null, new FeatureAssembler(64, false), new ShadowComparator(1e-6), clock);
    }

    private static PendingRequest pending(long seq, String key, InferenceRequest r) {
        return new PendingRequest(seq, new SourcePosition("inference-requests", 0, seq), key.getBytes(StandardCharsets.UTF_8),
            new byte[] {0, 0, 0, 0, 1}, 42L + seq, r);
    }

    @Test
    void shouldScoreAWholeBatchInOneModelCall() {
        List<PendingRequest> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(pending(i, "k" + i, x("r" + i, i)));
        }
        List<ScoringOutcome> out = scorer(routes(served(v1))).score(batch);

        assertThat(v1.calls.get()).isEqualTo(1);
        assertThat(out).hasSize(10).allMatch(o -> o instanceof ScoringOutcome.Scored);
        for (int i = 0; i < 10; i++) {
            InferenceResult r = ((ScoringOutcome.Scored) out.get(i)).result();
            assertThat(r.getRequestId()).isEqualTo("r" + i);
            assertThat(r.getOutputs().get("y").getFloatValues()).containsExactly(0.5f * i + 2f);
            assertThat(r.getOutputs().get("y").getShape()).containsExactly(1L);
            assertThat(r.getBatchSize()).isEqualTo(10);
            assertThat(r.getModelVersion()).isEqualTo(1);
            assertThat(r.getRole()).isEqualTo(ServingRole.PRIMARY);
            assertThat(out.get(i).timestamp()).isEqualTo(42L + i);
        }
    }

    @Test
    void shouldReturnEveryRowOfABatchedRequestWithItsBatchDimension() {
        InferenceRequest r = request("r", null, null, Map.of("x", floats(List.of(3L, 1L), 1f, 2f, 5f)));
        List<ScoringOutcome> out = scorer(routes(served(v1))).score(List.of(pending(0, "k", r)));
        InferenceResult result = ((ScoringOutcome.Scored) out.get(0)).result();
        assertThat(result.getOutputs().get("y").getFloatValues()).containsExactly(2.5f, 3.0f, 4.5f);
        assertThat(result.getOutputs().get("y").getShape()).containsExactly(3L, 1L);
    }

    @Test
    void shouldDeadLetterOnlyTheBadRequestOfABatch() {
        List<PendingRequest> batch = List.of(
            pending(0, "a", x("good-1", 1)),
            pending(1, "b", request("bad", null, null, Map.of())),
            pending(2, "c", x("good-2", 2)));
        List<ScoringOutcome> out = scorer(routes(served(v1))).score(batch);

        assertThat(out.get(0)).isInstanceOf(ScoringOutcome.Scored.class);
        assertThat(out.get(1)).isInstanceOfSatisfying(ScoringOutcome.Rejected.class, r -> {
            assertThat(r.deadLetter().getErrorCode()).isEqualTo("MISSING_FEATURE");
            assertThat(r.deadLetter().getSourceOffset()).isEqualTo(1);
            assertThat(r.deadLetter().getValue().array()).containsExactly(0, 0, 0, 0, 1);
        });
        assertThat(out.get(2)).isInstanceOf(ScoringOutcome.Scored.class);
    }

    @Test
    void shouldIsolateTheRequestThatMakesTheModelFail() {
        List<PendingRequest> batch = List.of(
            pending(0, "a", x("good-1", 1)),
            pending(1, "b", x("poison", HalfPlusTwo.POISON)),
            pending(2, "c", x("good-2", 2)));
        List<ScoringOutcome> out = scorer(routes(served(v1))).score(batch);

        assertThat(out.get(0)).isInstanceOf(ScoringOutcome.Scored.class);
        assertThat(out.get(1)).isInstanceOfSatisfying(ScoringOutcome.Rejected.class,
            r -> assertThat(r.deadLetter().getErrorCode()).isEqualTo("MODEL_FAILURE"));
        assertThat(out.get(2)).isInstanceOf(ScoringOutcome.Scored.class);
    }

    @Test
    void shouldDeadLetterUnknownModelAndUnknownVersion() {
        List<PendingRequest> batch = List.of(
            pending(0, "a", request("m", "no-such-model", null, Map.of("x", floats(List.of(1L), 1f)))),
            pending(1, "b", request("v", "half_plus_two", 9L, Map.of("x", floats(List.of(1L), 1f)))));
        List<ScoringOutcome> out = scorer(routes(served(v1))).score(batch);
        assertThat(out).extracting(o -> ((ScoringOutcome.Rejected) o).deadLetter().getErrorCode())
            .containsExactly("UNKNOWN_MODEL", "UNKNOWN_VERSION");
    }

    @Test
    void shouldScoreAPinnedVersionWhenTheRequestNamesIt() {
        InferenceRequest r = request("r", "half_plus_two", 2L, Map.of("x", floats(List.of(1L), 2f)));
        List<ScoringOutcome> out = scorer(routes(served(v1, v2))).score(List.of(pending(0, "k", r)));
        InferenceResult result = ((ScoringOutcome.Scored) out.get(0)).result();
        assertThat(result.getModelVersion()).isEqualTo(2);
        assertThat(result.getOutputs().get("y").getFloatValues()).containsExactly(4f);
    }

    @Test
    void shouldSendTheCanaryItsShareDeterministicallyByKey() {
        ModelRoutes routes = routes(withCanary(served(v1, v2), 2, 0.3));
        List<PendingRequest> batch = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            batch.add(pending(i, "user-" + i, x("r" + i, 1)));
        }
        List<ScoringOutcome> first = scorer(routes).score(batch);
        List<ScoringOutcome> second = scorer(routes).score(batch);

        long canary = first.stream().filter(o -> ((ScoringOutcome.Scored) o).result().getRole() == ServingRole.CANARY).count();
        assertThat(canary / 2000.0).isBetween(0.25, 0.35);
        for (int i = 0; i < batch.size(); i++) {
            InferenceResult a = ((ScoringOutcome.Scored) first.get(i)).result();
            InferenceResult b = ((ScoringOutcome.Scored) second.get(i)).result();
            assertThat(a.getModelVersion()).isEqualTo(b.getModelVersion());
            assertThat(a.getRole() == ServingRole.CANARY).isEqualTo(a.getModelVersion() == 2);
        }
        assertThat(v1.calls.get() + v2.calls.get()).isEqualTo(4);
    }

    @Test
    void shouldCompareShadowOutputsWithoutReturningThem() {
        ModelRoutes routes = routes(withShadow(served(v1, v2), 2));
        List<ScoringOutcome> out = scorer(routes).score(List.of(pending(0, "a", x("r0", 1)), pending(1, "b", x("r1", 3))));

        assertThat(out).hasSize(4);
        assertThat(out.get(0)).isInstanceOfSatisfying(ScoringOutcome.Scored.class,
            s -> assertThat(s.result().getModelVersion()).isEqualTo(1));
        assertThat(out.get(1)).isInstanceOfSatisfying(ScoringOutcome.Shadowed.class, s -> {
            assertThat(s.comparison().getRequestId()).isEqualTo("r0");
            assertThat(s.comparison().getServedVersion()).isEqualTo(1);
            assertThat(s.comparison().getShadowVersion()).isEqualTo(2);
            assertThat(s.comparison().getMaxAbsDiff()).isEqualTo(1.0);
            assertThat(s.comparison().getAgree()).isFalse();
        });
        assertThat(out.get(2)).isInstanceOf(ScoringOutcome.Scored.class);
        assertThat(out.get(3)).isInstanceOf(ScoringOutcome.Shadowed.class);
        assertThat(v2.calls.get()).isEqualTo(1);
    }

    @Test
    void shouldRouteAgainWhenAVersionIsClosedUnderIt() {
        HalfPlusTwo old = new HalfPlusTwo("half_plus_two", 1, 0.5f, 2f);
        old.close();
        ServedModel[] state = {served(old)};
        ModelRoutes routes = () -> {
            Map<String, ServedModel> now = Map.of("half_plus_two", state[0]);
            state[0] = served(v2);
            return now;
        };
        List<ScoringOutcome> out = scorer(routes).score(List.of(pending(0, "a", x("r0", 2))));
        assertThat(((ScoringOutcome.Scored) out.get(0)).result().getModelVersion()).isEqualTo(2);
    }

    @Test
    void shouldReturnNothingForAnEmptyBatch() {
        assertThat(scorer(routes(served(v1))).score(List.of())).isEmpty();
        assertThat(v1.calls.get()).isZero();
    }
}
