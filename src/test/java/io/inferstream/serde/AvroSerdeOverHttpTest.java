package io.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.avro.UserEvent;
import io.inferstream.registry.HttpSchemaRegistryClient;
import io.inferstream.registry.RegistryClientConfig;
import io.inferstream.registry.server.SchemaRegistryServer;
import io.inferstream.registry.server.SchemaRegistryServerConfig;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The serde against the real REST registry: ids agree across clients, and a warm serde needs no HTTP at all. */
class AvroSerdeOverHttpTest {

    private final SchemaRegistryServer server = SchemaRegistryServer.start(SchemaRegistryServerConfig.ephemeral());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldRoundTripThroughTheRestRegistryAndStayWarmWithoutIt() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.url()));
        try (AvroSerde<UserEvent> serde = AvroSerdes.specific(UserEvent.class, client, AvroSerdeConfig.defaults(),
                false);
             AvroSerde<GenericRecord> generic = AvroSerdes.generic(
                     Map.of("schema.registry.url", server.url()), false)) {
            UserEvent e = SerdeTestSupport.userEvent();
            byte[] bytes = serde.serializer().serialize("user-events", e);
            assertThat(serde.deserializer().deserialize("user-events", bytes)).isEqualTo(e);
            // Another client (its own HTTP client) reads the same id.
            GenericRecord g = generic.deserializer().deserialize("user-events", bytes);
            assertThat(g.get("userId").toString()).isEqualTo("u1");
            assertThat(server.localClient().getLatest("user-events-value").id())
                    .isEqualTo(WireFormat.schemaId("user-events", bytes));

            long requests = client.requestCount();
            server.close();
            for (int i = 0; i < 1000; i++) {
                assertThat(serde.deserializer().deserialize("user-events",
                        serde.serializer().serialize("user-events", e))).isEqualTo(e);
            }
            assertThat(client.requestCount()).isEqualTo(requests);
            // A topic it has not seen needs the registry, which is gone: a clear error naming the topic.
            assertThatThrownBy(() -> serde.serializer().serialize("new-topic", e))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("'new-topic'");
        } finally {
            client.close();
        }
    }
}
