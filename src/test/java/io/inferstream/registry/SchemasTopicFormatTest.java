package io.inferstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.registry.StoreRecord.ConfigRecord;
import io.inferstream.registry.StoreRecord.DeleteSubjectRecord;
import io.inferstream.registry.StoreRecord.SchemaRecord;
import io.inferstream.registry.StoreRecord.SchemaTombstone;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SchemasTopicFormatTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteConfluentSchemaKeysAndValues() {
        SchemaRecord r = new SchemaRecord("users-value", 2, 7, "\"string\"", null, false);
        assertThat(s(SchemasTopicFormat.key(r))).isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"users-value\",\"version\":2,\"magic\":1}");
        assertThat(s(SchemasTopicFormat.value(r)))
            .isEqualTo("{\"subject\":\"users-value\",\"version\":2,\"id\":7,\"schema\":\"\\\"string\\\"\",\"deleted\":false}");
        assertThat(SchemasTopicFormat.decode(SchemasTopicFormat.key(r), SchemasTopicFormat.value(r))).contains(r);
    }

    @Test
    void shouldWriteTombstonesAsNullValuesWithTheSameKey() {
        SchemaTombstone t = new SchemaTombstone("users-value", 2);
        assertThat(SchemasTopicFormat.value(t)).isNull();
        assertThat(SchemasTopicFormat.key(t))
            .isEqualTo(SchemasTopicFormat.key(new SchemaRecord("users-value", 2, 7, "\"string\"", null, true)));
        assertThat(SchemasTopicFormat.decode(SchemasTopicFormat.key(t), null)).contains(t);
    }

    @Test
    void shouldWriteConfigKeysForSubjectsAndTheGlobalLevel() {
        ConfigRecord global = new ConfigRecord(null, CompatibilityLevel.FULL);
        ConfigRecord subject = new ConfigRecord("s", CompatibilityLevel.NONE);
        assertThat(s(SchemasTopicFormat.key(global))).isEqualTo("{\"keytype\":\"CONFIG\",\"magic\":0}");
        assertThat(s(SchemasTopicFormat.key(subject))).isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0}");
        assertThat(s(SchemasTopicFormat.value(global))).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(SchemasTopicFormat.value(new ConfigRecord("s", null))).isNull();
        assertThat(SchemasTopicFormat.decode(SchemasTopicFormat.key(subject), SchemasTopicFormat.value(subject))).contains(subject);
        assertThat(SchemasTopicFormat.decode(SchemasTopicFormat.key(subject), null)).contains(new ConfigRecord("s", null));
    }

    @Test
    void shouldReadRecordsWrittenByConfluentsRegistry() {
        assertThat(SchemasTopicFormat.decode(b("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}"),
            b("{\"compatibilityLevel\":\"BACKWARD_TRANSITIVE\"}")))
            .contains(new ConfigRecord(null, CompatibilityLevel.BACKWARD_TRANSITIVE));
        assertThat(SchemasTopicFormat.decode(b("{\"keytype\":\"SCHEMA\",\"subject\":\"p\",\"version\":1,\"magic\":1}"),
            b("{\"subject\":\"p\",\"version\":1,\"id\":3,\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax\",\"deleted\":true,\"md5\":\"x\"}")))
            .contains(new SchemaRecord("p", 1, 3, "syntax", "PROTOBUF", true));
        assertThat(SchemasTopicFormat.decode(b("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"p\",\"magic\":0}"),
            b("{\"subject\":\"p\",\"version\":4}"))).contains(new DeleteSubjectRecord("p", 4));
        assertThat(SchemasTopicFormat.decode(b("{\"keytype\":\"NOOP\",\"magic\":0}"), null)).isEmpty();
        assertThat(SchemasTopicFormat.decode(b("{\"keytype\":\"MODE\",\"magic\":0}"), b("{\"mode\":\"READWRITE\"}"))).isEmpty();
    }

    @Test
    void shouldRejectRecordsOfAnotherFormat() {
        assertThatThrownBy(() -> SchemasTopicFormat.decode(b("not json"), b("{}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemasTopicFormat.decode(null, b("{}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemasTopicFormat.decode(b("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}"),
            b("{\"subject\":\"s\"}"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
    }

    @Test
    void shouldReplayConfluentSubjectDeletesAsSoftDeletes() {
        InMemorySchemaStore store = new InMemorySchemaStore();
        try (SchemaRegistryService registry = new SchemaRegistryService(store)) {
            registry.register("s", "\"string\"");
            store.append(new DeleteSubjectRecord("s", 1));
            assertThat(registry.subjects(false)).isEmpty();
            assertThat(registry.versions("s", true)).containsExactly(1);
        }
    }
}
