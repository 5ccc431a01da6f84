package io.inferstream.registry;

import java.util.function.Consumer;

/**
 * Where the registry keeps its log of {@link StoreRecord}s. The registry never reads the store directly: it
 * folds the records it is handed into its in-memory state, so every store behaves the same way (Confluent's
 * registry works like this on its {@code _schemas} topic).
 *
 * <p>Contract: {@link #start} hands the listener every record stored so far, in log order, and returns only
 * then; afterwards, each {@link #append} returns only once the record is durable and the listener has been
 * handed it (read-your-writes). A store has one listener and one writer.
 */
public interface SchemaStore extends AutoCloseable {

    /** Replays the stored log to the listener, then keeps handing it every appended record. Called once. */
    void start(Consumer<StoreRecord> listener);

    /**
     * Appends a record durably. Returns once the listener has been handed it.
     *
     * @throws RegistryException 50001 (backend store error) or 50002 (timeout) when the record could not be stored
     */
    void append(StoreRecord record);

    /** Human-readable description for logs, e.g. {@code kafka 127.0.0.1:9092 topic _schemas}. */
    String describe();

    @Override
    void close();
}
