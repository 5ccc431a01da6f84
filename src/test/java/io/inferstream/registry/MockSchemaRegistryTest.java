package io.inferstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

    private static final Schema USER = new Schema.Parser().parse(SchemaRegistryServiceTest.V1);

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope("mock-test-a");
        MockSchemaRegistry.dropScope("mock-test-b");
    }

    @Test
    void shouldShareOneRegistryPerScope() {
        try (SchemaRegistryClient writer = MockSchemaRegistry.forScope("mock-test-a");
             SchemaRegistryClient reader = MockSchemaRegistry.forScope("mock-test-a");
             SchemaRegistryClient other = MockSchemaRegistry.forScope("mock-test-b")) {
            int id = writer.register("users-value", USER);
            assertThat(reader.getById(id)).isEqualTo(USER);
            assertThat(reader.lookup("users-value", USER).version()).isEqualTo(1);
            assertThatThrownBy(() -> other.getById(id)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(RegistryException.SCHEMA_NOT_FOUND));
        }
    }

    @Test
    void shouldStartEmptyAfterTheScopeIsDropped() {
        try (SchemaRegistryClient client = MockSchemaRegistry.forScope("mock-test-a")) {
            client.register("users-value", USER);
        }
        MockSchemaRegistry.dropScope("mock-test-a");
        try (SchemaRegistryClient client = MockSchemaRegistry.forScope("mock-test-a")) {
            assertThat(client.subjects()).isEmpty();
        }
    }

    @Test
    void shouldExposeTheWholeClientContract() {
        try (SchemaRegistryClient client = MockSchemaRegistry.forScope("mock-test-a")) {
            client.register("s", USER);
            assertThat(client.getLatest("s").schema()).isEqualTo(USER);
            assertThat(client.getVersion("s", 1).id()).isEqualTo(1);
            assertThat(client.versions("s")).containsExactly(1);
            assertThat(client.subjectCompatibility("s")).isEmpty();
            assertThat(client.setSubjectCompatibility("s", CompatibilityLevel.FULL)).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.subjectCompatibility("s")).contains(CompatibilityLevel.FULL);
            assertThat(client.setGlobalCompatibility(CompatibilityLevel.NONE)).isEqualTo(CompatibilityLevel.NONE);
            assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.NONE);
            assertThat(client.testCompatibility("s", "latest", USER)).isTrue();
            assertThat(client.deleteVersion("s", 1, false)).isEqualTo(1);
            assertThat(client.deleteSubject("s", true)).containsExactly(1);
            assertThat(client.subjects()).isEmpty();
        }
    }
}
