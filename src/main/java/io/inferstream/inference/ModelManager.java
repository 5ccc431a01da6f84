package io.inferstream.inference;

import io.inferstream.avro.ModelEvent;
import io.inferstream.avro.ModelEventType;
import io.inferstream.model.ModelLoadException;
import io.inferstream.model.ModelRepository;
import io.inferstream.model.ModelVersion;
import io.inferstream.model.Scorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served model versions in line with the model repository and the operator's commands.
 *
 * <p>All loading, unloading and command handling runs on one background thread, never on a stream
 * thread: a new version is loaded and warmed up first, then a new {@link ServedModel} snapshot is
 * swapped in atomically, then versions no longer served are closed. A version that fails to load
 * leaves the previous one serving; it is retried only when its files change. Every change is
 * reported as a {@link ModelEvent}.
 */
public final class ModelManager implements ModelRoutes, AutoCloseable {

    /** Loads one version; {@code ModelLoader::load} in production. */
    @FunctionalInterface
    public interface Loader {
        Scorer load(ModelVersion version) throws ModelLoadException;
    }

    private static final Logger log = LoggerFactory.getLogger(ModelManager.class);

    private final ModelRepository repository;
    private final Loader loader;
    private final Map<String, ModelPolicy> policies;
    private final Consumer<ModelEvent> events;
    private final String instance;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final AtomicReference<Map<String, ServedModel>> snapshot = new AtomicReference<>(Map.of());

    // Touched only on the manager thread.
    private final Map<String, TreeMap<Long, Scorer>> loaded = new HashMap<>();
    private final Map<String, Long> stable = new HashMap<>();
    private final Map<String, ModelControls> controls = new HashMap<>();
    private final Map<Path, FileTime> failed = new HashMap<>();

    public ModelManager(ModelRepository repository, Loader loader, Map<String, ModelPolicy> policies,
                        Consumer<ModelEvent> events, String instance, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.policies = Map.copyOf(policies);
        this.events = Objects.requireNonNull(events, "events");
        this.instance = Objects.requireNonNull(instance, "instance");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inferstream-model-manager");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads what the repository and policies call for, then rescans every {@code interval} for new or removed versions. */
    public void start(Duration interval) {
        refreshNow();
        long millis = Math.max(1, interval.toMillis());
        thread.scheduleWithFixedDelay(this::reconcileSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public Map<String, ServedModel> snapshot() {
        return snapshot.get();
    }

    /** Whether an event on model-control is an operator command; the other types are instances' reports. */
    public static boolean isCommand(ModelEventType type) {
        return ModelControls.isCommand(type);
    }

    /** Rescans the repository now and waits until the result is served. */
    public void refreshNow() {
        await(CompletableFuture.runAsync(this::reconcileSafely, thread));
    }

    /**
     * Applies an operator command (PIN, UNPIN, PROMOTE, ROLLBACK, SET_CANARY, SET_SHADOW) on the
     * manager thread; reports (events with another type) are ignored. The future completes when the
     * result is served.
     */
    public CompletableFuture<Void> submit(ModelEvent command) {
        return CompletableFuture.runAsync(() -> apply(command), thread);
    }

    private void apply(ModelEvent command) {
        if (!ModelControls.isCommand(command.getType())) {
            return;
        }
        String name = command.getModel();
        Long version = command.getVersion();
        boolean onDisk = version == null || repository.versions(name).stream().anyMatch(v -> v.version() == version);
        if (!onDisk && command.getType() != ModelEventType.UNPIN) {
            publish(name, version, ModelEventType.COMMAND_REJECTED,
                command.getType() + " refused: version " + version + " of model '" + name + "' is not in " + repository.root(), "");
            return;
        }
        ModelControls.Report report;
        try {
            report = controlsOf(name).apply(command, stable.getOrDefault(name, -1L)).orElse(null);
        } catch (IllegalArgumentException e) {
            publish(name, version, ModelEventType.COMMAND_REJECTED, command.getType() + " refused: " + e.getMessage(), "");
            return;
        }
        log.info("model {}: applied {} {}", name, command.getType(), version == null ? "" : "version " + version);
        reconcileSafely();
        if (report != null) {
            publish(name, report.version(), report.type(), report.reason(), "");
        }
    }

    private void reconcileSafely() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            // Keep serving what is loaded; the next scan tries again.
            log.error("model repository scan of {} failed: {}", repository.root(), e.toString());
        }
    }

    private void reconcile() {
        Map<String, List<ModelVersion>> onDisk = repository.scan();
        Set<String> names = new TreeSet<>(onDisk.keySet());
        names.addAll(loaded.keySet());
        Map<String, ServedModel> next = new TreeMap<>();
        List<Scorer> retired = new ArrayList<>();
        for (String name : names) {
            ModelPolicy policy = policies.getOrDefault(name, ModelPolicy.latest());
            ModelControls c = controlsOf(name);
            Map<Long, ModelVersion> available = new LinkedHashMap<>();
            onDisk.getOrDefault(name, List.of()).forEach(v -> available.put(v.version(), v));
            Set<Long> selected = new TreeSet<>(policy.versions().select(available.keySet()));
            Set<Long> wanted = new TreeSet<>(selected);
            for (OptionalLong v : List.of(c.pinned(), c.canary(), c.shadow())) {
                v.ifPresent(x -> {
                    if (available.containsKey(x)) {
                        wanted.add(x);
                    }
                });
            }
            TreeMap<Long, Scorer> current = loaded.computeIfAbsent(name, k -> new TreeMap<>());
            for (long v : wanted) {
                if (!current.containsKey(v)) {
                    Scorer s = tryLoad(available.get(v));
                    if (s != null) {
                        current.put(v, s);
                    }
                }
            }
            Long previous = stable.get(name);
            Long chosen = chooseStable(c, current, selected, available.keySet(), previous);
            for (Long v : new ArrayList<>(current.keySet())) {
                if ((!wanted.contains(v) || !available.containsKey(v)) && !v.equals(chosen)) {
                    retired.add(current.remove(v));
                }
            }
            if (chosen == null || current.isEmpty()) {
                retired.addAll(current.values());
                loaded.remove(name);
                stable.remove(name);
                continue;
            }
            stable.put(name, chosen);
            if (previous != null && !previous.equals(chosen)) {
                c.stableChanged(previous);
                log.info("model {}: version {} now stable (was {})", name, chosen, previous);
            }
            OptionalLong canary = c.canary().isPresent() && current.containsKey(c.canary().getAsLong()) ? c.canary() : OptionalLong.empty();
            OptionalLong shadow = c.shadow().isPresent() && current.containsKey(c.shadow().getAsLong()) ? c.shadow() : OptionalLong.empty();
            next.put(name, new ServedModel(name, current, chosen, canary, canary.isPresent() ? c.canaryShare() : 0, shadow));
        }
        snapshot.set(Collections.unmodifiableMap(next));
        for (Scorer s : retired) {
            // After the swap: a stream thread still holding it finishes its call (close waits), and
            // one that calls it later is routed again (MODEL_CLOSED).
            s.close();
            publish(s.name(), s.version(), ModelEventType.UNLOADED, "no longer served", "");
        }
    }

    /**
     * The pinned version if loaded; else the newest version the policy selects (not the canary);
     * else the version that was stable, while it is still on disk; else the newest other one.
     */
    private static Long chooseStable(ModelControls c, TreeMap<Long, Scorer> current, Set<Long> selected, Set<Long> onDisk,
                                     Long previous) {
        if (c.pinned().isPresent() && current.containsKey(c.pinned().getAsLong())) {
            return c.pinned().getAsLong();
        }
        long canary = c.canary().orElse(Long.MIN_VALUE);
        long shadow = c.shadow().orElse(Long.MIN_VALUE);
        Long best = null;
        for (long v : current.keySet()) {
            if (selected.contains(v) && v != canary && onDisk.contains(v)) {
                best = v;
            }
        }
        if (best != null) {
            return best;
        }
        if (previous != null && current.containsKey(previous) && onDisk.contains(previous)) {
            return previous;
        }
        for (long v : current.descendingKeySet()) {
            if (onDisk.contains(v) && v != canary && v != shadow) {
                return v;
            }
        }
        for (long v : current.descendingKeySet()) {
            if (onDisk.contains(v)) {
                return v;
            }
        }
        return null;
    }

    private Scorer tryLoad(ModelVersion version) {
        FileTime stamp = newestChange(version.path());
        if (stamp.equals(failed.get(version.path()))) {
            return null;
        }
        try {
            Scorer s = loader.load(version);
            failed.remove(version.path());
            publish(version.model(), version.version(), ModelEventType.DEPLOYED, "loaded from " + version.path(),
                s.signature().toString());
            return s;
        } catch (ModelLoadException | RuntimeException e) {
            failed.put(version.path(), stamp);
            log.warn("model {}/{} failed to load, the previous version keeps serving: {}", version.model(), version.version(), e.getMessage());
            publish(version.model(), version.version(), ModelEventType.LOAD_FAILED, String.valueOf(e.getMessage()), "");
            return null;
        }
    }

    /** The latest modification in a version folder, so a version still being copied is retried once complete. */
    private static FileTime newestChange(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    return FileTime.fromMillis(0);
                }
            }).max(FileTime::compareTo).orElse(FileTime.fromMillis(0));
        } catch (IOException | UncheckedIOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private ModelControls controlsOf(String name) {
        return controls.computeIfAbsent(name, n -> new ModelControls(policies.getOrDefault(n, ModelPolicy.latest())));
    }

    private void publish(String model, Long version, ModelEventType type, String reason, String signature) {
        ModelEvent event = ModelEvent.newBuilder().setModel(model).setVersion(version).setType(type).setShare(null)
            .setReason(reason).setInstance(instance).setSignature(signature).setTimestamp(Instant.ofEpochMilli(clock.millis())).build();
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            log.warn("could not publish model event {} {}/{}: {}", type, model, version, e.toString());
        }
    }

    private static void await(CompletableFuture<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model manager", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("model manager failed: " + e.getCause(), e.getCause());
        }
    }

    /** Stops rescanning and closes every loaded model. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loaded.values().forEach(m -> m.values().forEach(Scorer::close));
        loaded.clear();
        snapshot.set(Map.of());
    }
}
