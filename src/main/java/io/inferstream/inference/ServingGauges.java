package io.inferstream.inference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code inferstream.model.serving} [model, version, role]: each served version's share of the traffic, from the
 * current routes: the stable version {@code primary} 1 - canary share, the canary {@code canary} its share, the shadow
 * {@code shadow} 1.0 (it scores a copy of everything), any other loaded version {@code primary} 0 (reached only by
 * requests that pin it). Versions no longer served disappear.
 *
 * <p>Why polled: {@link ModelManager} swaps whole snapshots and tells nobody; comparing the snapshot's identity
 * every {@code interval} is one reference read, and the rows are rebuilt only when it changed.
 */
public final class ServingGauges implements AutoCloseable {

    public static final String NAME = "inferstream.model.serving";
    private static final Logger log = LoggerFactory.getLogger(ServingGauges.class);

    private final ModelRoutes routes;
    private final MultiGauge gauge;
    private ScheduledExecutorService thread;
    private Map<String, ServedModel> last;

    public ServingGauges(ModelRoutes routes, MeterRegistry meters) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.gauge = MultiGauge.builder(NAME)
            .description("Traffic share of each served model version in [0,1], by role (shadow: scores a copy of all traffic)")
            .register(meters);
    }

    /** Refreshes now and then every {@code interval} on a daemon thread, until closed. */
    public synchronized ServingGauges start(Duration interval) {
        refresh();
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inferstream-serving-gauges");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, interval.toMillis());
        thread.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.warn("Could not refresh the serving gauges: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Re-registers the rows when the routes changed since the last call. */
    public synchronized void refresh() {
        Map<String, ServedModel> now = routes.snapshot();
        if (now == last) {
            return;
        }
        last = now;
        gauge.register(rows(now), true);
    }

    static List<MultiGauge.Row<?>> rows(Map<String, ServedModel> served) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (ServedModel m : served.values()) {
            for (long v : m.versions().keySet()) {
                boolean canary = m.canary().isPresent() && m.canary().getAsLong() == v;
                boolean shadow = m.shadow().isPresent() && m.shadow().getAsLong() == v;
                if (v == m.stable()) {
                    rows.add(row(m.name(), v, "primary", canary ? 0 : 1 - m.canaryShare()));
                }
                if (canary) {
                    rows.add(row(m.name(), v, "canary", m.canaryShare()));
                }
                if (shadow) {
                    rows.add(row(m.name(), v, "shadow", 1.0));
                }
                if (v != m.stable() && !canary && !shadow) {
                    rows.add(row(m.name(), v, "primary", 0.0));
                }
            }
        }
        return rows;
    }

    private static MultiGauge.Row<?> row(String model, long version, String role, double share) {
        return MultiGauge.Row.of(Tags.of("model", model, "version", Long.toString(version), "role", role), share);
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
