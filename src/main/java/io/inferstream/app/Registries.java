package io.inferstream.app;

import io.inferstream.config.RegistrySettings;
import io.inferstream.registry.RegistryException;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.serde.AvroSerdeConfig;

/**
 * Turns {@link RegistrySettings} into the serde's config and a registry client, and checks the registry answers.
 */
final class Registries {

    private Registries() {
    }

    /** Serde config (Confluent property names) from Inferstream's registry settings. */
    static AvroSerdeConfig serdeConfig(RegistrySettings settings) {
        try {
            return AvroSerdeConfig.fromProperties(settings.clientProperties());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.CONFIG, "Invalid registry settings (registry.*): " + e.getMessage(), e);
        }
    }

    /** A client for the configured registry; the caller closes it. */
    static SchemaRegistryClient client(RegistrySettings settings) {
        return SchemaRegistryClients.create(serdeConfig(settings).registry());
    }

    /** Fails with a one-line message when the registry does not answer GET /subjects. */
    static void check(RegistrySettings settings) {
        try (SchemaRegistryClient client = client(settings)) {
            client.subjects();
        } catch (RegistryException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "Schema Registry at " + settings.urlString()
                + " did not answer GET /subjects (registry.url / INFERSTREAM_REGISTRY_URL): " + e.getMessage(), e);
        }
    }
}
