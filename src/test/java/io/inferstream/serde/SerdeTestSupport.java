package io.inferstream.serde;

import io.inferstream.avro.EventType;
import io.inferstream.avro.UserEvent;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/** Shared fixtures: a fresh mock registry scope per test, and a few schemas. */
final class SerdeTestSupport {

    private SerdeTestSupport() {
    }

    static String newScope() {
        return "serde-test-" + UUID.randomUUID();
    }

    static SchemaRegistryClient client(String scope) {
        return MockSchemaRegistry.forScope(scope);
    }

    static UserEvent userEvent() {
        return UserEvent.newBuilder().setUserId("u1").setItemId("i9").setType(EventType.CLICK).setValue(2.5)
                .setTimestamp(Instant.ofEpochMilli(1000)).setRequestId(null).build();
    }

    /** Registers distinct throw-away schemas so that the next new schema gets id {@code n + 1}. */
    static void burnIds(SchemaRegistryClient client, int n) {
        for (int i = 1; i <= n; i++) {
            Schema filler = SchemaBuilder.record("Filler" + i).namespace("test.filler").fields()
                    .requiredInt("f").endRecord();
            client.register("filler-" + i, filler);
        }
    }
}
