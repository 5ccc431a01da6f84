package io.inferstream.inference;

import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ServingRole;
import io.inferstream.model.BatchInput;
import io.inferstream.model.BatchOutput;
import io.inferstream.model.Column;
import io.inferstream.model.Scorer;
import io.inferstream.model.ScoringErrorCode;
import io.inferstream.model.ScoringException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.utils.Utils;

/**
 * Scores a micro-batch: routes each request to a model version, groups the requests by version so
 * that each version runs once for the whole group (the point of micro-batching: a TensorFlow call
 * costs about the same for 1 row as for 64), splits the outputs back per request, and returns one
 * outcome per request in the batch's order, plus shadow comparisons.
 *
 * <p>A request that cannot be routed or does not fit its signature is rejected alone. If the model
 * fails on a group, the group is re-scored request by request so that only the culprit is
 * dead-lettered. If a version is unloaded between routing and scoring, the group is routed again.
 *
 * <p>Pure Java apart from the {@link Scorer} it is given: topology tests run it without TensorFlow.
 */
public final class BatchScorer {

    private static final String PROCESSOR = "score";

    private final ModelRoutes routes;
    private final String defaultModel;
    private final FeatureAssembler assembler;
    private final ShadowComparator comparator;
    private final Clock clock;
    private final ScoringMetrics metrics;

    public BatchScorer(ModelRoutes routes, String defaultModel, FeatureAssembler assembler, ShadowComparator comparator, Clock clock) {
        this(routes, defaultModel, assembler, comparator, clock, ScoringMetrics.none());
    }

    public BatchScorer(ModelRoutes routes, String defaultModel, FeatureAssembler assembler, ShadowComparator comparator, Clock clock,
                       ScoringMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.defaultModel = defaultModel;
        this.assembler = Objects.requireNonNull(assembler, "assembler");
        this.comparator = Objects.requireNonNull(comparator, "comparator");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One request's place in a version group. */
    private record Member(int index, Route route, RequestRows rows) { }

    /** The outputs a request got, kept for the shadow comparison. */
    private record Answer(Scorer scorer, BatchOutput output, int from, RequestRows rows) { }

    public List<ScoringOutcome> score(List<PendingRequest> batch) {
        ScoringOutcome[] outcomes = new ScoringOutcome[batch.size()];
        Answer[] answers = new Answer[batch.size()];
        List<Integer> all = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            all.add(i);
        }
        Map<Integer, Route> routed = new LinkedHashMap<>();
        scoreRouted(batch, all, outcomes, answers, routed, true);
        List<ScoringOutcome> result = new ArrayList<>(batch.size() + 4);
        List<Indexed> shadows = shadow(batch, routed, answers);
        int s = 0;
        for (int i = 0; i < outcomes.length; i++) {
            result.add(outcomes[i]);
            while (s < shadows.size() && shadows.get(s).index == i) {
                result.add(shadows.get(s).outcome);
                s++;
            }
        }
        return result;
    }

    private void scoreRouted(List<PendingRequest> batch, List<Integer> indices, ScoringOutcome[] outcomes, Answer[] answers,
                             Map<Integer, Route> routed, boolean retryOnClosed) {
        Map<Scorer, List<Member>> groups = new IdentityHashMap<>();
        List<Scorer> order = new ArrayList<>();
        for (int i : indices) {
            PendingRequest p = batch.get(i);
            try {
                InferenceRequest r = p.request();
                ServedModel model = routes.resolve(r.getModel(), defaultModel);
                Route route = model.route(r.getModelVersion(), keyFraction(p));
                RequestRows rows = assembler.assemble(r, route.scorer().signature());
                groups.computeIfAbsent(route.scorer(), k -> {
                    order.add(k);
                    return new ArrayList<>();
                }).add(new Member(i, route, rows));
                routed.put(i, route);
            } catch (RequestRejectedException e) {
                outcomes[i] = reject(p, e.code(), e.getMessage());
            }
        }
        for (Scorer scorer : order) {
            scoreGroup(batch, scorer, groups.get(scorer), outcomes, answers, routed, retryOnClosed);
        }
    }

    private void scoreGroup(List<PendingRequest> batch, Scorer scorer, List<Member> members, ScoringOutcome[] outcomes,
                            Answer[] answers, Map<Integer, Route> routed, boolean retryOnClosed) {
        int totalRows = 0;
        for (Member m : members) {
            totalRows += m.rows.rows();
        }
        BatchOutput output;
        long started = System.nanoTime();
        try {
            output = scorer.score(concat(members, totalRows));
        } catch (ScoringException e) {
            if (e.code() == ScoringErrorCode.MODEL_CLOSED && retryOnClosed) {
                // Unloaded between routing and scoring (hot reload): route these requests again.
                List<Integer> again = members.stream().map(Member::index).toList();
                again.forEach(routed::remove);
                scoreRouted(batch, again, outcomes, answers, routed, false);
                return;
            }
            if (members.size() > 1) {
                for (Member m : members) {
                    scoreGroup(batch, scorer, List.of(m), outcomes, answers, routed, retryOnClosed);
                }
                return;
            }
            Member m = members.get(0);
            outcomes[m.index] = reject(batch.get(m.index), rejectCodeOf(e.code()),
                "model " + scorer.name() + "/" + scorer.version() + " failed: " + e.getMessage());
            routed.remove(m.index);
            return;
        }
        long done = System.nanoTime();
        long latencyMicros = (done - started) / 1_000;
        ScoringMetrics.VersionMeters meters = metrics.of(scorer);
        meters.modelCall(totalRows, done - started);
        long now = clock.millis();
        int from = 0;
        for (Member m : members) {
            PendingRequest p = batch.get(m.index);
            meters.scored(m.route.role(), p.arrivalNanos() < 0 ? -1 : done - p.arrivalNanos());
            outcomes[m.index] = new ScoringOutcome.Scored(p.key(), p.timestamp(),
                result(p, scorer, m.route.role(), OutputTensors.slice(output, from, m.rows.rows(), m.rows.batched()),
                    latencyMicros, totalRows, now));
            answers[m.index] = new Answer(scorer, output, from, m.rows);
            from += m.rows.rows();
        }
    }

    private static BatchInput concat(List<Member> members, int totalRows) {
        BatchInput.Builder input = BatchInput.builder(totalRows);
        for (String name : members.get(0).rows.columns().keySet()) {
            if (members.size() == 1) {
                input.column(name, members.get(0).rows.columns().get(name));
            } else {
                List<Column> parts = new ArrayList<>(members.size());
                for (Member m : members) {
                    parts.add(m.rows.columns().get(name));
                }
                input.column(name, Column.concat(parts));
            }
        }
        return input.build();
    }

    /** A shadow outcome with the index of the request it follows. */
    private record Indexed(int index, ScoringOutcome outcome) { }

    /**
     * Scores copies of the answered requests with their shadow versions, one call per shadow version,
     * and compares. Shadow failures are reported in the comparison, never dead-lettered: the request
     * itself was answered.
     */
    private List<Indexed> shadow(List<PendingRequest> batch, Map<Integer, Route> routed, Answer[] answers) {
        Map<Scorer, List<Member>> groups = new IdentityHashMap<>();
        List<Scorer> order = new ArrayList<>();
        List<Indexed> out = new ArrayList<>();
        for (Map.Entry<Integer, Route> e : routed.entrySet()) {
            int i = e.getKey();
            if (answers[i] == null || e.getValue().shadow().isEmpty()) {
                continue;
            }
            Scorer shadow = e.getValue().shadow().get();
            try {
                RequestRows rows = assembler.assemble(batch.get(i).request(), shadow.signature());
                groups.computeIfAbsent(shadow, k -> {
                    order.add(k);
                    return new ArrayList<>();
                }).add(new Member(i, e.getValue(), rows));
            } catch (RequestRejectedException ex) {
                out.add(new Indexed(i, shadowed(batch.get(i), answers[i], shadow, null, 0, ex.getMessage())));
            }
        }
        for (Scorer shadow : order) {
            List<Member> members = groups.get(shadow);
            int total = members.stream().mapToInt(m -> m.rows.rows()).sum();
            try {
                long started = System.nanoTime();
                BatchOutput output = shadow.score(concat(members, total));
                ScoringMetrics.VersionMeters meters = metrics.of(shadow);
                meters.modelCall(total, System.nanoTime() - started);
                int from = 0;
                for (Member m : members) {
                    meters.scored(ServingRole.SHADOW, -1);
                    out.add(new Indexed(m.index, shadowed(batch.get(m.index), answers[m.index], shadow, output, from, null)));
                    from += m.rows.rows();
                }
            } catch (ScoringException ex) {
                for (Member m : members) {
                    out.add(new Indexed(m.index, shadowed(batch.get(m.index), answers[m.index], shadow, null, 0, ex.getMessage())));
                }
            }
        }
        out.sort((a, b) -> Integer.compare(a.index, b.index));
        return out;
    }

    private ScoringOutcome shadowed(PendingRequest p, Answer served, Scorer shadow, BatchOutput shadowOutput, int shadowFrom,
                                    String error) {
        BatchOutput servedRows = served.output.slice(served.from, served.from + served.rows.rows());
        BatchOutput shadowRows = shadowOutput == null ? null : shadowOutput.slice(shadowFrom, shadowFrom + served.rows.rows());
        return new ScoringOutcome.Shadowed(p.key(), p.timestamp(), comparator.compare(p.request().getRequestId(),
            served.scorer.name(), served.scorer.version(), shadow.version(), servedRows, shadowRows, error, clock.millis()));
    }

    private static InferenceResult result(PendingRequest p, Scorer scorer, ServingRole role, Map<String, io.inferstream.avro.Tensor> outputs,
                                          long latencyMicros, int batchRows, long now) {
        InferenceRequest r = p.request();
        Instant eventTime = r.getEventTime() == null || r.getEventTime().toEpochMilli() == 0
            ? Instant.ofEpochMilli(p.timestamp()) : r.getEventTime();
        return InferenceResult.newBuilder()
            .setRequestId(r.getRequestId())
            .setModel(scorer.name())
            .setModelVersion(scorer.version())
            .setOutputs(outputs)
            .setLatencyMicros(latencyMicros)
            .setBatchSize(batchRows)
            .setRole(role)
            .setUserId(r.getUserId())
            .setCategorical(r.getCategorical())
            .setEventTime(eventTime)
            .setScoredAt(Instant.ofEpochMilli(now))
            .setHeaders(r.getHeaders())
            // The request's tensors as they are (no copy): the drift monitor reads each version's inputs from here.
            .setFeatures(r.getFeatures())
            .build();
    }

    private ScoringOutcome reject(PendingRequest p, RejectCode code, String message) {
        return new ScoringOutcome.Rejected(p.key(), p.timestamp(),
            DeadLetters.of(p.source(), p.key(), p.value(), code, message, PROCESSOR, clock.millis()));
    }

    private static RejectCode rejectCodeOf(ScoringErrorCode code) {
        return switch (code) {
            case MISSING_FEATURE -> RejectCode.MISSING_FEATURE;
            case UNEXPECTED_FEATURE -> RejectCode.UNEXPECTED_FEATURE;
            case BAD_DTYPE -> RejectCode.BAD_DTYPE;
            case BAD_SHAPE -> RejectCode.BAD_SHAPE;
            case MODEL_FAILURE, MODEL_CLOSED -> RejectCode.MODEL_FAILURE;
        };
    }

    /**
     * Where a request's key falls in [0,1): the canary takes the keys below its share. Kafka's own
     * murmur2 (the default partitioner's hash), so the split is stable across instances and restarts.
     */
    static double keyFraction(PendingRequest p) {
        byte[] bytes = p.key() != null && p.key().length > 0 ? p.key() : p.request().getRequestId().getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(bytes)) / (double) (1L << 31);
    }
}
