package io.inferstream.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Kubernetes-style probes on the instance's HTTP server.
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process answers HTTP at all. It checks nothing else on purpose: a
 *       failing liveness probe restarts the pod, and a topology that failed for good already ends the process.</li>
 *   <li>{@code GET /health/ready}: 200 when every registered {@link ReadinessCheck} passes, else 503; the JSON body
 *       lists each check with {@code UP} or {@code DOWN} and why, e.g.
 *       {@code {"status":"DOWN","checks":[{"name":"models","status":"DOWN","reason":"models not loaded yet: ctr"}]}}.</li>
 * </ul>
 * Checks can be added while the server already answers (topologies start one after the other).
 */
public final class HealthEndpoints {

    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";

    private record Named(String name, ReadinessCheck check) { }

    /** One check's outcome, as the probe's body shows it. */
    public record CheckResult(String name, String status, String reason) { }

    /** The probe's answer: {@code UP} only when every check is. */
    public record Report(String status, List<CheckResult> checks) {
        public boolean ready() {
            return status.equals("UP");
        }
    }

    private final List<Named> checks = new CopyOnWriteArrayList<>();

    /** Adds a check; its name says what it is about ({@code streams:scoring}, {@code models}). */
    public HealthEndpoints add(String name, ReadinessCheck check) {
        checks.add(new Named(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check")));
        return this;
    }

    /** Runs every check now. A check that throws counts as DOWN with its exception as the reason. */
    public Report readiness() {
        List<CheckResult> results = new ArrayList<>();
        boolean up = true;
        for (Named n : checks) {
            Optional<String> problem;
            try {
                problem = n.check.problem();
            } catch (RuntimeException e) {
                problem = Optional.of("check failed: " + e);
            }
            up &= problem.isEmpty();
            results.add(new CheckResult(n.name, problem.isEmpty() ? "UP" : "DOWN", problem.orElse(null)));
        }
        return new Report(up ? "UP" : "DOWN", results);
    }

    /** Registers {@code /health/live} and {@code /health/ready} on {@code server}. */
    public void register(OpsHttpServer server) {
        server.get(LIVE, request -> OpsResponse.json(Map.of("status", "UP")));
        server.get(READY, request -> {
            Report report = readiness();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", report.status());
            List<Map<String, Object>> checks = new ArrayList<>();
            for (CheckResult c : report.checks()) {
                Map<String, Object> check = new LinkedHashMap<>();
                check.put("name", c.name());
                check.put("status", c.status());
                if (c.reason() != null) {
                    check.put("reason", c.reason());
                }
                checks.add(check);
            }
            body.put("checks", checks);
            return OpsResponse.json(report.ready() ? 200 : 503, body);
        });
    }
}
