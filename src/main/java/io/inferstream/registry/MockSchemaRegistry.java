package io.inferstream.registry;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * In-memory registries by scope, as Confluent's {@code mock://scope} URLs: every client for the same scope
 * shares one registry in this JVM, so a serializer and a deserializer built separately (a Streams app and its
 * tests) agree on ids without a server. It is a real {@link SchemaRegistryService} on an
 * {@link InMemorySchemaStore}, with the same semantics and errors as the REST server.
 */
public final class MockSchemaRegistry {

    private static final ConcurrentMap<String, SchemaRegistryService> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {
    }

    /**
     * A client of the scope's registry, created on first use. Closing the client leaves the registry alone;
     * {@link #dropScope} discards it.
     */
    public static SchemaRegistryClient forScope(String scope) {
        return new LocalSchemaRegistryClient(serviceForScope(scope));
    }

    /** The scope's registry itself, created on first use. */
    public static SchemaRegistryService serviceForScope(String scope) {
        Objects.requireNonNull(scope, "scope");
        return SCOPES.computeIfAbsent(scope, s -> SchemaRegistryService.inMemory());
    }

    /** Discards the scope's registry: the next {@link #forScope} starts empty. Clients already made keep the old one. */
    public static void dropScope(String scope) {
        // Not closed: an in-memory store holds nothing to release, and clients already made stay usable.
        SCOPES.remove(Objects.requireNonNull(scope, "scope"));
    }
}
