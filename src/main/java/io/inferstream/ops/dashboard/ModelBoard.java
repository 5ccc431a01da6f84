package io.inferstream.ops.dashboard;

import io.inferstream.avro.ModelEvent;
import io.inferstream.avro.ModelEventType;
import io.inferstream.inference.ModelManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The models as the model-control topic tells them, readable on any instance (also one that runs no scoring): per
 * model, every instance's latest report for every version (DEPLOYED, UNLOADED, LOAD_FAILED, ROLLED_BACK,
 * COMMAND_REJECTED) and the operator's latest commands (PIN, PROMOTE, ROLLBACK, SET_CANARY, SET_SHADOW). The shares
 * actually served come from the instance's {@code inferstream.model.serving} gauges where it scores. Thread-safe.
 */
public final class ModelBoard {

    /** One instance's latest report on one version. */
    public record Report(Long version, String instance, String state, String reason, String at) {
    }

    /** One operator command. */
    public record Command(String type, Long version, Double share, String reason, String at) {
    }

    /** One model's reports (by version, then instance) and latest commands (newest first). */
    public record Model(String model, List<Report> reports, List<Command> commands) {
    }

    private record ReportKey(Long version, String instance) {
    }

    private static final Comparator<ReportKey> REPORT_ORDER = Comparator
        .comparing((ReportKey k) -> k.version() == null ? Long.MIN_VALUE : k.version())
        .thenComparing(ReportKey::instance);

    private static final class Entry {
        final Map<ReportKey, Report> reports = new TreeMap<>(REPORT_ORDER);
        final Deque<Command> commands = new ArrayDeque<>();
    }

    private final int commandsMax;
    private final Map<String, Entry> models = new TreeMap<>();

    public ModelBoard(int commandsMax) {
        if (commandsMax < 1) {
            throw new IllegalArgumentException("commandsMax must be >= 1, got " + commandsMax);
        }
        this.commandsMax = commandsMax;
    }

    /** Adds one event; {@code UNKNOWN} types (from a newer writer) are ignored. */
    public synchronized void add(ModelEvent e) {
        if (e.getType() == ModelEventType.UNKNOWN) {
            return;
        }
        Entry entry = models.computeIfAbsent(e.getModel(), m -> new Entry());
        if (ModelManager.isCommand(e.getType())) {
            entry.commands.addFirst(new Command(e.getType().name(), e.getVersion(), e.getShare(), e.getReason(),
                e.getTimestamp().toString()));
            while (entry.commands.size() > commandsMax) {
                entry.commands.removeLast();
            }
        } else {
            entry.reports.put(new ReportKey(e.getVersion(), e.getInstance()), new Report(e.getVersion(), e.getInstance(),
                e.getType().name(), e.getReason(), e.getTimestamp().toString()));
        }
    }

    public synchronized List<Model> models() {
        List<Model> out = new ArrayList<>();
        models.forEach((name, e) -> out.add(new Model(name, List.copyOf(e.reports.values()), List.copyOf(e.commands))));
        return out;
    }
}
