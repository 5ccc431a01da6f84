package io.inferstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failure paths of the Kafka store that need no broker; the working paths are in SchemaRegistryRestartIT. */
class KafkaSchemaStoreTest {

    @Test
    void shouldFailToStartWithAClearErrorWhenKafkaIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        KafkaSchemaStoreConfig config = KafkaSchemaStoreConfig.of("127.0.0.1:" + port).withTimeout(Duration.ofSeconds(2));
        KafkaSchemaStore store = new KafkaSchemaStore(config);
        assertThatThrownBy(() -> new SchemaRegistryService(store))
            .isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(RegistryException.BACKEND_STORE_ERROR);
                assertThat(e.detail()).contains("127.0.0.1:" + port).contains("_schemas");
            });
        assertThatThrownBy(() -> store.append(new StoreRecord.ConfigRecord(null, CompatibilityLevel.NONE)))
            .isInstanceOf(RegistryException.class).hasMessageContaining("not running");
        store.close();
    }

    @Test
    void shouldValidateItsConfig() {
        assertThatThrownBy(() -> KafkaSchemaStoreConfig.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KafkaSchemaStoreConfig.of("k:9092").withReplicationFactor((short) 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KafkaSchemaStoreConfig.of("k:9092").withTimeout(Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(KafkaSchemaStoreConfig.of("k:9092").topic()).isEqualTo("_schemas");
    }
}
