package io.inferstream.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link SchemaStore} kept in memory: for tests, {@code mock://} scopes and a demo without Kafka. The log
 * survives a registry that is closed and restarted on the same instance, not the JVM.
 */
public final class InMemorySchemaStore implements SchemaStore {

    private final List<StoreRecord> log = new ArrayList<>();
    private Consumer<StoreRecord> listener;

    @Override
    public synchronized void start(Consumer<StoreRecord> newListener) {
        this.listener = Objects.requireNonNull(newListener, "listener");
        log.forEach(newListener);
    }

    @Override
    public synchronized void append(StoreRecord record) {
        Objects.requireNonNull(record, "record");
        if (listener == null) {
            throw new IllegalStateException("Store not started");
        }
        log.add(record);
        listener.accept(record);
    }

    /** A copy of the log, oldest first. */
    public synchronized List<StoreRecord> records() {
        return List.copyOf(log);
    }

    @Override
    public String describe() {
        return "in-memory";
    }

    /** Detaches the listener; the records stay for a later {@link #start}. */
    @Override
    public synchronized void close() {
        listener = null;
    }
}
