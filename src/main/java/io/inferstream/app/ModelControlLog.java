package io.inferstream.app;

import io.inferstream.avro.ModelEvent;
import io.inferstream.avro.ModelEventType;
import io.inferstream.inference.ModelManager;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The model-control topic as an operator reads it: per model, the commands in the order they were sent, and the
 * latest report of each instance for each version (DEPLOYED, UNLOADED, LOAD_FAILED, ROLLED_BACK,
 * COMMAND_REJECTED). Instances report on the same topic the commands are on, so comparing the two shows whether
 * every instance applied a change. Not thread-safe.
 */
final class ModelControlLog {

    /** Reports sort by version (none first), then instance. */
    private static final Comparator<ReportKey> REPORT_ORDER = Comparator
        .comparing((ReportKey k) -> k.version() == null ? Long.MIN_VALUE : k.version())
        .thenComparing(ReportKey::instance);

    private record ReportKey(Long version, String instance) {
    }

    private static final class ModelLog {
        final List<ModelEvent> commands = new ArrayList<>();
        final Map<ReportKey, ModelEvent> reports = new TreeMap<>(REPORT_ORDER);
        final Map<String, Instant> lastReportByInstance = new TreeMap<>();
    }

    private final Map<String, ModelLog> models = new TreeMap<>();
    private long events;

    /** Adds one event; {@code UNKNOWN} types (from a newer writer) are counted and otherwise ignored. */
    void add(ModelEvent e) {
        Objects.requireNonNull(e, "event");
        events++;
        if (e.getType() == ModelEventType.UNKNOWN) {
            return;
        }
        ModelLog log = models.computeIfAbsent(e.getModel(), m -> new ModelLog());
        if (ModelManager.isCommand(e.getType())) {
            log.commands.add(e);
        } else {
            log.reports.put(new ReportKey(e.getVersion(), e.getInstance()), e);
            log.lastReportByInstance.merge(e.getInstance(), e.getTimestamp(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    long events() {
        return events;
    }

    /** Prints every model, or only {@code model} when it is not null. */
    void print(PrintWriter out, String topic, String model) {
        out.printf("%d event%s on %s%s%n", events, events == 1 ? "" : "s", topic, model == null ? "" : " for model " + model);
        Map<String, ModelLog> shown = model == null ? models
            : models.containsKey(model) ? Map.of(model, models.get(model)) : Map.of();
        if (shown.isEmpty()) {
            out.println(model == null ? "No model commands or reports yet." : "No commands or reports for model '" + model + "'.");
        }
        shown.forEach((name, log) -> print(out, name, log));
        out.flush();
    }

    private static void print(PrintWriter out, String name, ModelLog log) {
        out.printf("%nmodel %s%n", name);
        out.printf("  commands, oldest first:%s%n", log.commands.isEmpty() ? " none" : "");
        for (ModelEvent c : log.commands) {
            out.printf("    %s  %s%n", c.getTimestamp(), describe(c));
        }
        out.printf("  latest report per version and instance:%s%n", log.reports.isEmpty() ? " none" : "");
        if (!log.reports.isEmpty()) {
            out.printf("    %-8s %-24s %-17s %-24s %s%n", "VERSION", "INSTANCE", "STATE", "TIME", "REASON");
        }
        for (ModelEvent r : log.reports.values()) {
            out.printf("    %-8s %-24s %-17s %-24s %s%n", r.getVersion() == null ? "-" : r.getVersion(), r.getInstance(),
                r.getType(), r.getTimestamp(), r.getReason());
        }
        Instant lastCommand = log.commands.isEmpty() ? null : log.commands.get(log.commands.size() - 1).getTimestamp();
        if (!log.lastReportByInstance.isEmpty()) {
            out.println("  instances:");
        }
        log.lastReportByInstance.forEach((instance, at) -> out.printf("    %-24s last report %s%s%n", instance, at,
            lastCommand != null && at.isBefore(lastCommand) ? "  (nothing reported since the last command; "
                + "unpin and clearing a canary or shadow report nothing)" : ""));
    }

    /** One event as a line: what, which model and version, share, by whom, why. */
    static String describe(ModelEvent e) {
        StringBuilder sb = new StringBuilder().append(e.getType()).append(' ').append(e.getModel());
        if (e.getVersion() != null) {
            sb.append(" version ").append(e.getVersion());
        }
        if (e.getShare() != null && e.getType() == ModelEventType.SET_CANARY) {
            sb.append(" share ").append(e.getShare());
        }
        if (!e.getInstance().isEmpty()) {
            sb.append(" from ").append(e.getInstance());
        }
        if (!e.getReason().isEmpty()) {
            sb.append(": ").append(e.getReason());
        }
        return sb.toString();
    }
}
