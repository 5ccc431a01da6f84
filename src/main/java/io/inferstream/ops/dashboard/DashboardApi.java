package io.inferstream.ops.dashboard;

import io.inferstream.ops.OpsHttpServer;
import io.inferstream.ops.OpsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON the dashboard page polls, under {@code /api/dashboard/}: {@code status} (latest rates, latencies, serving
 * versions, open alerts, and their history as columns a chart takes as they are), {@code models}, {@code drift} and
 * {@code alerts}. Every answer is 200 with what is known so far (empty lists before the first records), so the page
 * never has to tell "not yet" from "broken".
 */
public final class DashboardApi {

    /**
     * {@code /api/dashboard/status}.
     *
     * @param latest  the latest point
     * @param history the kept points as columns: {@code t} (epoch seconds) and one list per measure, nulls for gaps
     */
    public record Status(PipelineStatus latest, Map<String, List<Object>> history) {
    }

    /** {@code /api/dashboard/models}: shares served on this instance (its gauges) and the model-control topic's view. */
    public record Models(List<MeterReading.Serving> serving, List<ModelBoard.Model> models) {
    }

    /** {@code /api/dashboard/drift}. */
    public record Drift(List<DriftHistory.Series> series) {
    }

    private static final Map<String, Function<PipelineStatus, Object>> COLUMNS = columns();

    private final StatusSampler sampler;
    private final ModelBoard models;
    private final DriftHistory drift;
    private final AlertBoard alerts;

    public DashboardApi(StatusSampler sampler, ModelBoard models, DriftHistory drift, AlertBoard alerts) {
        this.sampler = sampler;
        this.models = models;
        this.drift = drift;
        this.alerts = alerts;
    }

    public void register(OpsHttpServer server) {
        server.get("/api/dashboard/status", request -> json(status()))
            .get("/api/dashboard/models", request -> json(new Models(sampler.latest().serving(), models.models())))
            .get("/api/dashboard/drift", request -> json(new Drift(drift.snapshot())))
            .get("/api/dashboard/alerts", request -> json(alerts.board()));
    }

    Status status() {
        List<PipelineStatus> points = sampler.history();
        Map<String, List<Object>> history = new java.util.LinkedHashMap<>();
        COLUMNS.forEach((name, value) -> {
            List<Object> column = new ArrayList<>(points.size());
            points.forEach(p -> column.add(value.apply(p)));
            history.put(name, column);
        });
        return new Status(points.isEmpty() ? sampler.latest() : points.get(points.size() - 1), history);
    }

    private static Map<String, Function<PipelineStatus, Object>> columns() {
        Map<String, Function<PipelineStatus, Object>> c = new java.util.LinkedHashMap<>();
        c.put("t", p -> p.epochMillis() / 1000.0);
        c.put("requestsPerSecond", PipelineStatus::requestsPerSecond);
        c.put("eventsPerSecond", PipelineStatus::eventsPerSecond);
        c.put("feedsPerSecond", PipelineStatus::feedsPerSecond);
        c.put("deadLettersPerSecond", PipelineStatus::deadLettersPerSecond);
        c.put("requestLatencyP50Ms", PipelineStatus::requestLatencyP50Ms);
        c.put("requestLatencyP99Ms", PipelineStatus::requestLatencyP99Ms);
        c.put("modelLatencyP99Ms", PipelineStatus::modelLatencyP99Ms);
        return c;
    }

    private static OpsResponse json(Object body) {
        return OpsResponse.json(body).withHeader("Cache-Control", "no-store");
    }
}
