package io.inferstream.registry;

/**
 * Makes the right {@link SchemaRegistryClient} for a configuration: {@code mock://scope} gives the scope's
 * in-process registry ({@link MockSchemaRegistry}, as Confluent's serdes treat mock URLs), {@code http(s)://}
 * gives an {@link HttpSchemaRegistryClient}.
 */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    public static SchemaRegistryClient create(RegistryClientConfig config) {
        if (config.isMock()) {
            return MockSchemaRegistry.forScope(config.mockScope());
        }
        return new HttpSchemaRegistryClient(config);
    }

    /** Defaults for everything but the URL(s), comma-separated. */
    public static SchemaRegistryClient create(String urls) {
        return create(RegistryClientConfig.of(urls));
    }
}
