package io.inferstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryServiceTest {

    static final String V1 = """
        {"type":"record","name":"User","namespace":"t","fields":[{"name":"id","type":"long"}]}""";
    /** V1 plus a field with a default: backward and forward compatible with V1. */
    static final String V2_DEFAULTED = """
        {"type":"record","name":"User","namespace":"t","fields":[{"name":"id","type":"long"},
         {"name":"email","type":"string","default":""}]}""";
    /** V1 plus a field without default: forward compatible with V1 only (new reader can't read old data). */
    static final String V2_REQUIRED = """
        {"type":"record","name":"User","namespace":"t","fields":[{"name":"id","type":"long"},
         {"name":"email","type":"string"}]}""";
    /** id removed, no default on the old side: backward compatible only. */
    static final String V_NO_ID = """
        {"type":"record","name":"User","namespace":"t","fields":[]}""";
    static final String OTHER = """
        {"type":"record","name":"Order","namespace":"t","fields":[{"name":"total","type":"double"}]}""";

    private final InMemorySchemaStore store = new InMemorySchemaStore();
    private final SchemaRegistryService registry = new SchemaRegistryService(store);

    @AfterEach
    void close() {
        registry.close();
    }

    private static void assertError(ThrowingCallable call, int status, int code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.errorCode()).as("error_code of: %s", e.getMessage()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(status);
        });
    }

    @Test
    void shouldStartIdsAtOneAndNumberVersionsPerSubject() {
        assertThat(registry.register("users-value", V1)).isEqualTo(1);
        assertThat(registry.register("orders-value", OTHER)).isEqualTo(2);
        assertThat(registry.register("users-value", V2_DEFAULTED)).isEqualTo(3);
        assertThat(registry.versions("users-value", false)).containsExactly(1, 2);
        assertThat(registry.getLatest("users-value").id()).isEqualTo(3);
        assertThat(registry.getVersion("users-value", 1).schema()).isEqualTo(V1);
        assertThat(registry.subjects(false)).containsExactly("orders-value", "users-value");
    }

    @Test
    void shouldReturnTheExistingIdWhenTheSameSchemaIsRegisteredAgain() {
        int id = registry.register("users-value", V1);
        String reformatted = V1.replace(",", " ,\n  ").replace("{\"type\"", "{ \"type\"");
        assertThat(registry.register("users-value", reformatted)).isEqualTo(id);
        assertThat(registry.versions("users-value", false)).containsExactly(1);
        assertThat(store.records()).hasSize(1);
    }

    @Test
    void shouldGiveTheSameIdToTheSameSchemaUnderAnotherSubject() {
        int id = registry.register("a", V1);
        registry.register("a", V2_DEFAULTED);
        assertThat(registry.register("b", V1)).isEqualTo(id);
        assertThat(registry.getLatest("b").version()).isEqualTo(1);
        assertThat(registry.versionsOfId(id, false)).extracting(RegisteredSchema::subject).containsExactly("a", "b");
    }

    @Test
    void shouldKeepTheOriginalTextAndAnswerItById() {
        int id = registry.register("s", V2_DEFAULTED);
        assertThat(registry.getById(id).schema()).isEqualTo(V2_DEFAULTED);
        assertThat(registry.getById(id).schemaType()).isEqualTo("AVRO");
    }

    @Test
    void shouldTreatSchemasDifferingOnlyInADefaultAsDifferent() {
        String withOtherDefault = V2_DEFAULTED.replace("\"default\":\"\"", "\"default\":\"x\"");
        int a = registry.register("s", V2_DEFAULTED);
        int b = registry.register("s", withOtherDefault);
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void shouldLookUpTheVersionOfARegisteredSchema() {
        registry.register("s", V1);
        int id = registry.register("s", V2_DEFAULTED);
        RegisteredSchema found = registry.lookup("s", V2_DEFAULTED);
        assertThat(found.version()).isEqualTo(2);
        assertThat(found.id()).isEqualTo(id);
        assertError(() -> registry.lookup("s", OTHER), 404, RegistryException.SCHEMA_NOT_FOUND);
        assertError(() -> registry.lookup("nope", V1), 404, RegistryException.SUBJECT_NOT_FOUND);
    }

    @Test
    void shouldAnswerNotFoundCodes() {
        registry.register("s", V1);
        assertError(() -> registry.getById(99), 404, RegistryException.SCHEMA_NOT_FOUND);
        assertError(() -> registry.getVersion("nope", 1), 404, RegistryException.SUBJECT_NOT_FOUND);
        assertError(() -> registry.getLatest("nope"), 404, RegistryException.SUBJECT_NOT_FOUND);
        assertError(() -> registry.getVersion("s", 7), 404, RegistryException.VERSION_NOT_FOUND);
        assertError(() -> registry.versions("nope", false), 404, RegistryException.SUBJECT_NOT_FOUND);
    }

    @Test
    void shouldRejectInvalidVersions() {
        registry.register("s", V1);
        for (String bad : new String[] {"0", "-2", "abc", "", "1.5", "99999999999"}) {
            assertError(() -> registry.getVersion("s", bad, false), 422, RegistryException.INVALID_VERSION);
        }
        assertThat(registry.getVersion("s", "-1", false).version()).isEqualTo(1);
        assertThat(registry.getVersion("s", "LATEST", false).version()).isEqualTo(1);
    }

    @Test
    void shouldRejectEmptyAndMalformedSchemaTextWith42201() {
        for (String bad : new String[] {"", "   ", "{", "{\"type\":\"record\"}", "not json", "{\"type\":\"nosuchtype\"}",
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":\"x\"}]}"}) {
            assertError(() -> registry.register("s", bad), 422, RegistryException.INVALID_SCHEMA);
        }
        assertError(() -> registry.register("s", null), 422, RegistryException.INVALID_SCHEMA);
        assertError(() -> registry.lookup("s", "{"), 422, RegistryException.INVALID_SCHEMA);
        assertThat(registry.subjects(true)).isEmpty();
    }

    @Test
    void shouldRejectOtherSchemaTypesAndReferences() {
        assertError(() -> registry.register("s", "syntax = \"proto3\";", "PROTOBUF", List.of()), 422,
            RegistryException.INVALID_SCHEMA);
        assertError(() -> registry.register("s", V1, "AVRO", List.of(java.util.Map.of("name", "x"))), 422,
            RegistryException.INVALID_SCHEMA);
        assertThat(registry.register("s", V1, "AVRO", List.of())).isEqualTo(1);
    }

    @Test
    void shouldRejectEmptySubjects() {
        assertError(() -> registry.register("", V1), 422, SchemaRegistryService.INVALID_SUBJECT);
        assertError(() -> registry.register(null, V1), 422, SchemaRegistryService.INVALID_SUBJECT);
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaUnderTheDefaultBackwardLevel() {
        assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        registry.register("s", V1);
        assertThatThrownBy(() -> registry.register("s", V2_REQUIRED))
            .isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(409);
                assertThat(e.httpStatus()).isEqualTo(409);
                assertThat(e.detail()).contains("incompatible").contains("\"s\"").contains("READER_FIELD_MISSING_DEFAULT_VALUE");
            });
        assertThat(registry.versions("s", false)).containsExactly(1);
        // Removing a field is backward compatible (the new reader ignores it).
        assertThat(registry.register("s", V_NO_ID)).isPositive();
    }

    @Test
    void shouldCheckForwardAndFullLevels() {
        registry.setSubjectCompatibility("fwd", CompatibilityLevel.FORWARD);
        registry.register("fwd", V1);
        assertError(() -> registry.register("fwd", V_NO_ID), 409, 409); // old reader needs id
        assertThat(registry.register("fwd", V2_REQUIRED)).isPositive(); // old reader ignores email

        registry.setSubjectCompatibility("full", CompatibilityLevel.FULL);
        registry.register("full", V1);
        assertError(() -> registry.register("full", V2_REQUIRED), 409, 409);
        assertError(() -> registry.register("full", V_NO_ID), 409, 409);
        assertThat(registry.register("full", V2_DEFAULTED)).isPositive();

        registry.setSubjectCompatibility("none", CompatibilityLevel.NONE);
        registry.register("none", V1);
        assertThat(registry.register("none", OTHER)).isPositive();
    }

    @Test
    void shouldCheckOnlyTheLatestVersionUnlessTransitive() {
        // v1: {id}; v2: {} (backward ok); v3: {email default ""} without id: backward vs v2 ok, vs v1 too
        // (the reader ignores id). A schema requiring id again without default fails against v2 only.
        String idWithoutDefault = V1;
        registry.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        registry.register("plain", V1);
        registry.register("plain", V_NO_ID);
        assertError(() -> registry.register("plain", V2_REQUIRED), 409, 409);

        // FORWARD: old reader must read new data. v1 {id}, v2 {id, email}. A new {email-less, id-less} schema
        // fails against v1 and v2 both; instead use: v1 {id}, v2 {} under NONE, then FORWARD: {id} checked only
        // against v2 ({} reads anything) passes, but transitively v1 is fine too. Use FORWARD_TRANSITIVE with a
        // schema the oldest version cannot read.
        registry.setSubjectCompatibility("trans", CompatibilityLevel.NONE);
        registry.register("trans", V1);          // reader needs id
        registry.register("trans", V_NO_ID);     // reader needs nothing
        String noIdWithEmail = """
            {"type":"record","name":"User","namespace":"t","fields":[{"name":"email","type":"string"}]}""";
        registry.setSubjectCompatibility("trans", CompatibilityLevel.FORWARD);
        assertThat(registry.testCompatibility("trans", "latest", noIdWithEmail).compatible()).isTrue();
        registry.setSubjectCompatibility("trans", CompatibilityLevel.FORWARD_TRANSITIVE);
        assertThat(registry.testCompatibility("trans", "latest", noIdWithEmail).compatible()).isFalse();
        assertError(() -> registry.register("trans", noIdWithEmail), 409, 409);
        registry.setSubjectCompatibility("trans", CompatibilityLevel.FORWARD);
        assertThat(registry.register("trans", noIdWithEmail)).isPositive();
        assertThat(idWithoutDefault).isEqualTo(V1);
    }

    @Test
    void shouldCheckBackwardTransitively() {
        registry.setSubjectCompatibility("bt", CompatibilityLevel.NONE);
        registry.register("bt", V_NO_ID);        // v1 writes nothing
        registry.register("bt", V1);             // v2 writes id
        registry.setSubjectCompatibility("bt", CompatibilityLevel.BACKWARD);
        // A reader requiring id reads v2 data but not v1 data.
        String idOnly = V1.replace("\"long\"", "\"long\",\"doc\":\"x\"");
        assertThat(registry.testCompatibility("bt", "latest", idOnly).compatible()).isTrue();
        registry.setSubjectCompatibility("bt", CompatibilityLevel.BACKWARD_TRANSITIVE);
        CompatibilityCheck check = registry.testCompatibility("bt", "latest", idOnly);
        assertThat(check.compatible()).isFalse();
        assertThat(check.messages()).anyMatch(m -> m.contains("oldSchemaVersion: 1"));
        assertThat(registry.testCompatibility("bt", "2", idOnly).compatible()).isTrue();
        assertThat(registry.testCompatibility("bt", "1", idOnly).compatible()).isFalse();
        registry.setSubjectCompatibility("bt", CompatibilityLevel.FULL_TRANSITIVE);
        assertError(() -> registry.register("bt", idOnly), 409, 409);
    }

    @Test
    void shouldTestCompatibilityAgainstMissingSubjectsAndVersions() {
        assertThat(registry.testCompatibility("nope", "latest", V1).compatible()).isTrue();
        assertError(() -> registry.testCompatibility("nope", "1", V1), 404, RegistryException.SUBJECT_NOT_FOUND);
        registry.register("s", V1);
        assertError(() -> registry.testCompatibility("s", "5", V1), 404, RegistryException.VERSION_NOT_FOUND);
        assertError(() -> registry.testCompatibility("s", "x", V1), 422, RegistryException.INVALID_VERSION);
        assertError(() -> registry.testCompatibility("s", "latest", "{"), 422, RegistryException.INVALID_SCHEMA);
    }

    @Test
    void shouldManageGlobalAndSubjectLevels() {
        assertThat(registry.subjectCompatibility("s")).isEmpty();
        registry.setGlobalCompatibility(CompatibilityLevel.FULL);
        assertThat(registry.effectiveCompatibility("s")).isEqualTo(CompatibilityLevel.FULL);
        registry.setSubjectCompatibility("s", CompatibilityLevel.NONE);
        assertThat(registry.subjectCompatibility("s")).contains(CompatibilityLevel.NONE);
        assertThat(registry.deleteSubjectCompatibility("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.subjectCompatibility("s")).isEmpty();
        assertError(() -> registry.deleteSubjectCompatibility("s"), 404, RegistryException.SUBJECT_NOT_FOUND);
        assertThat(registry.deleteGlobalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void shouldParseLevelsAndRejectUnknownOnesWith42203() {
        assertThat(SchemaRegistryService.parseLevel("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertError(() -> SchemaRegistryService.parseLevel("sideways"), 422, RegistryException.INVALID_COMPATIBILITY_LEVEL);
        assertError(() -> SchemaRegistryService.parseLevel(null), 422, RegistryException.INVALID_COMPATIBILITY_LEVEL);
    }

    @Test
    void shouldSoftDeleteVersionsButKeepTheirIds() {
        int id1 = registry.register("s", V1);
        registry.register("s", V2_DEFAULTED);
        assertThat(registry.deleteVersion("s", "1", false)).isEqualTo(1);
        assertThat(registry.versions("s", false)).containsExactly(2);
        assertThat(registry.versions("s", true)).containsExactly(1, 2);
        assertError(() -> registry.getVersion("s", 1), 404, RegistryException.VERSION_NOT_FOUND);
        assertThat(registry.getVersion("s", "1", true).deleted()).isTrue();
        assertThat(registry.getById(id1).schema()).isEqualTo(V1);
        assertError(() -> registry.lookup("s", V1), 404, RegistryException.SCHEMA_NOT_FOUND);
        assertThat(registry.lookup("s", V1, null, true).version()).isEqualTo(1);
        assertError(() -> registry.deleteVersion("s", "1", false), 404, RegistryException.SCHEMA_VERSION_SOFT_DELETED);
    }

    @Test
    void shouldRequireASoftDeleteBeforeAPermanentOne() {
        registry.register("s", V1);
        assertError(() -> registry.deleteVersion("s", "1", true), 404, RegistryException.SCHEMA_VERSION_NOT_SOFT_DELETED);
        assertError(() -> registry.deleteSubject("s", true), 404, RegistryException.SUBJECT_NOT_SOFT_DELETED);
        assertError(() -> registry.deleteVersion("s", "9", false), 404, RegistryException.VERSION_NOT_FOUND);
        assertError(() -> registry.deleteSubject("nope", false), 404, RegistryException.SUBJECT_NOT_FOUND);
        assertError(() -> registry.deleteVersion("nope", "1", false), 404, RegistryException.SUBJECT_NOT_FOUND);
    }

    @Test
    void shouldSoftDeleteAndThenPermanentlyDeleteASubject() {
        int id = registry.register("s", V1);
        registry.register("s", V2_DEFAULTED);
        registry.setSubjectCompatibility("s", CompatibilityLevel.NONE);
        assertThat(registry.deleteSubject("s", false)).containsExactly(1, 2);
        assertThat(registry.subjects(false)).isEmpty();
        assertThat(registry.subjects(true)).containsExactly("s");
        assertError(() -> registry.versions("s", false), 404, RegistryException.SUBJECT_NOT_FOUND);
        assertError(() -> registry.getLatest("s"), 404, RegistryException.SUBJECT_NOT_FOUND);
        assertError(() -> registry.deleteSubject("s", false), 404, RegistryException.SUBJECT_SOFT_DELETED);
        assertThat(registry.getById(id).schema()).isEqualTo(V1);

        assertThat(registry.deleteSubject("s", true)).containsExactly(1, 2);
        assertThat(registry.subjects(true)).isEmpty();
        assertError(() -> registry.getById(id), 404, RegistryException.SCHEMA_NOT_FOUND);
        assertThat(registry.subjectCompatibility("s")).isEmpty();
        assertError(() -> registry.deleteSubject("s", true), 404, RegistryException.SUBJECT_NOT_FOUND);
    }

    @Test
    void shouldKeepAnIdUsedElsewhereWhenOneVersionIsPermanentlyDeleted() {
        int id = registry.register("a", V1);
        registry.register("b", V1);
        registry.deleteVersion("a", "1", false);
        registry.deleteVersion("a", "1", true);
        assertThat(registry.getById(id).subject()).isEqualTo("b");
        assertThat(registry.register("c", V1)).isEqualTo(id);
    }

    @Test
    void shouldContinueVersionNumbersAfterASoftDeleteAndReuseTheId() {
        int id = registry.register("s", V1);
        registry.deleteSubject("s", false);
        // Checked against live versions only: none, so anything goes.
        assertThat(registry.register("s", V1)).isEqualTo(id);
        assertThat(registry.versions("s", false)).containsExactly(2);
        assertThat(registry.register("s", V2_DEFAULTED)).isEqualTo(id + 1);
        assertThat(registry.versions("s", false)).containsExactly(2, 3);
    }

    @Test
    void shouldDeleteTheLatestVersion() {
        registry.register("s", V1);
        registry.register("s", V2_DEFAULTED);
        assertThat(registry.deleteVersion("s", "latest", false)).isEqualTo(2);
        assertThat(registry.getLatest("s").version()).isEqualTo(1);
    }

    @Test
    void shouldRebuildTheSameStateFromTheStoreOnRestart() {
        registry.register("a", V1);
        registry.register("a", V2_DEFAULTED);
        registry.register("b", OTHER);
        registry.deleteVersion("a", "1", false);
        registry.setSubjectCompatibility("b", CompatibilityLevel.FULL);
        registry.close();
        try (SchemaRegistryService again = new SchemaRegistryService(store)) {
            assertThat(again.versions("a", false)).containsExactly(2);
            assertThat(again.versions("a", true)).containsExactly(1, 2);
            assertThat(again.getLatest("b").id()).isEqualTo(3);
            assertThat(again.subjectCompatibility("b")).contains(CompatibilityLevel.FULL);
            assertThat(again.register("c", """
                {"type":"record","name":"New","fields":[]}""")).isEqualTo(4);
        }
    }

    @Test
    void shouldGiveOneIdPerSchemaUnderConcurrentRegistration() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i % 8;
                futures.add(pool.submit(() -> registry.register("subject-" + n,
                    "{\"type\":\"record\",\"name\":\"R" + n + "\",\"fields\":[]}")));
            }
            List<Integer> ids = new ArrayList<>();
            for (Future<Integer> f : futures) {
                ids.add(f.get());
            }
            assertThat(ids.stream().distinct().sorted().toList()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(store.records()).hasSize(8);
        } finally {
            pool.shutdownNow();
        }
    }
}
