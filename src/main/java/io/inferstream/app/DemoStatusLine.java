package io.inferstream.app;

import io.inferstream.ops.dashboard.MeterReading;
import io.inferstream.ops.dashboard.PipelineStatus;
import io.inferstream.ops.dashboard.StatusSampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The demo's live one-line status: requests scored per second, p99 request latency, user events per second, the
 * versions served and the open drift alerts, from the same {@link StatusSampler} the dashboard shows. Refreshed in
 * place every second on a terminal, a plain line every {@link #PLAIN_EVERY} otherwise (a pipe or a log file would
 * fill up with carriage returns).
 */
final class DemoStatusLine implements AutoCloseable {

    static final Duration TERMINAL_EVERY = Duration.ofSeconds(1);
    static final Duration PLAIN_EVERY = Duration.ofSeconds(10);

    private final StatusSampler status;
    private final DemoConsole console;
    private final ScheduledExecutorService timer;

    DemoStatusLine(StatusSampler status, DemoConsole console) {
        this.status = Objects.requireNonNull(status, "status");
        this.console = Objects.requireNonNull(console, "console");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inferstream-demo-status");
            t.setDaemon(true);
            return t;
        });
    }

    DemoStatusLine start() {
        long every = (console.terminal() ? TERMINAL_EVERY : PLAIN_EVERY).toMillis();
        timer.scheduleAtFixedRate(() -> console.status(format(status.latest())), every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One status line, e.g. {@code 198 req/s | p99 12.4 ms | 301 events/s | ctr v2 90%, v3 canary 10% | alerts: none}. */
    static String format(PipelineStatus s) {
        return String.format(Locale.ROOT, "%s req/s | p99 %s | %s events/s | %s | alerts: %s",
            rate(s.requestsPerSecond()), s.requestLatencyP99Ms() == null ? "-" : millis(s.requestLatencyP99Ms()),
            rate(s.eventsPerSecond()), serving(s.serving()), alerts(s.openAlerts()));
    }

    /** Whole numbers from 10/s up, one decimal below (a trickle still shows). */
    static String rate(double perSecond) {
        return perSecond >= 10 || perSecond == 0 ? String.format(Locale.ROOT, "%,.0f", perSecond)
            : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    private static String millis(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    /** Per model its versions: the primary with its share, then canary and shadow by name. */
    static String serving(List<MeterReading.Serving> serving) {
        if (serving.isEmpty()) {
            return "serving: -";
        }
        Map<String, List<String>> byModel = new LinkedHashMap<>();
        for (MeterReading.Serving s : serving) {
            String share = s.role().equals("shadow") ? "" : String.format(Locale.ROOT, " %.0f%%", s.share() * 100);
            String role = s.role().equals("primary") ? "" : " " + s.role();
            byModel.computeIfAbsent(s.model(), m -> new ArrayList<>()).add("v" + s.version() + role + share);
        }
        List<String> models = new ArrayList<>();
        byModel.forEach((model, versions) -> models.add(model + " " + String.join(", ", versions)));
        return String.join("; ", models);
    }

    static String alerts(Map<String, Double> open) {
        List<String> parts = new ArrayList<>();
        open.forEach((severity, n) -> {
            if (n >= 0.5) {
                parts.add(Math.round(n) + " " + severity.toLowerCase(Locale.ROOT));
            }
        });
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(2, TimeUnit.SECONDS);
        console.endStatus();
    }
}
