package io.inferstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.ModelEvent;
import io.inferstream.avro.ModelEventType;
import io.inferstream.model.ModelLoadException;
import io.inferstream.model.ModelRepository;
import io.inferstream.model.VersionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's lifecycle rules, with a pure-Java loader that reads y = 0.5x + b from a file in each
 * version folder (real SavedModels are covered by ModelManagerIT).
 */
class ModelManagerTest {

    @TempDir
    Path repo;

    private final List<ModelEvent> events = new CopyOnWriteArrayList<>();
    private final List<HalfPlusTwo> created = new CopyOnWriteArrayList<>();
    private ModelManager manager;

    private final ModelManager.Loader loader = v -> {
        String text;
        try {
            text = Files.readString(v.path().resolve("b.txt")).trim();
        } catch (IOException e) {
            throw new ModelLoadException(ModelLoadException.Reason.NOT_FOUND, v.path(), "no b.txt");
        }
        if (text.equals("corrupt")) {
            throw new ModelLoadException(ModelLoadException.Reason.CORRUPT, v.path(), "saved_model.pb cannot be parsed");
        }
        HalfPlusTwo s = new HalfPlusTwo(v.model(), v.version(), 0.5f, Float.parseFloat(text));
        created.add(s);
        return s;
    };

    private void version(String model, long v, String content) throws IOException {
        Path dir = Files.createDirectories(repo.resolve(model).resolve(Long.toString(v)));
        Path file = dir.resolve("b.txt");
        Files.writeString(file, content);
        // A distinct modification time, so that a rewrite is seen as a change even within one clock tick.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(v + content.length())));
    }

    private ModelManager start(Map<String, ModelPolicy> policies) {
        manager = new ModelManager(new ModelRepository(repo), loader, policies, events::add, "test-instance", Clock.systemUTC());
        manager.refreshNow();
        return manager;
    }

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.close();
        }
    }

    private ServedModel served(String name) {
        return manager.snapshot().get(name);
    }

    private List<ModelEventType> eventTypes() {
        return events.stream().map(ModelEvent::getType).toList();
    }

    @Test
    void shouldServeTheLatestVersionAndSwitchWhenANewOneAppears() throws Exception {
        version("m", 1, "2");
        start(Map.of());
        assertThat(served("m").stable()).isEqualTo(1);

        version("m", 2, "3");
        manager.refreshNow();

        assertThat(served("m").stable()).isEqualTo(2);
        assertThat(served("m").versions()).containsOnlyKeys(2L);
        assertThat(created.get(0).isClosed()).isTrue();
        assertThat(eventTypes()).containsExactly(ModelEventType.DEPLOYED, ModelEventType.DEPLOYED, ModelEventType.UNLOADED);
        assertThat(events.get(0).getInstance()).isEqualTo("test-instance");
    }

    @Test
    void shouldKeepThePreviousVersionServingWhenANewOneFailsToLoad() throws Exception {
        version("m", 2, "3");
        start(Map.of());
        version("m", 3, "corrupt");

        manager.refreshNow();
        manager.refreshNow();

        assertThat(served("m").stable()).isEqualTo(2);
        assertThat(eventTypes()).containsExactly(ModelEventType.DEPLOYED, ModelEventType.LOAD_FAILED);
        assertThat(events.get(1).getVersion()).isEqualTo(3);
        assertThat(events.get(1).getReason()).contains("cannot be parsed");

        version("m", 3, "4.0");
        manager.refreshNow();
        assertThat(served("m").stable()).isEqualTo(3);
    }

    @Test
    void shouldUnloadAVersionWhoseFolderIsRemoved() throws Exception {
        version("m", 1, "2");
        version("other", 1, "2");
        start(Map.of());
        Files.delete(repo.resolve("m/1/b.txt"));
        Files.delete(repo.resolve("m/1"));

        manager.refreshNow();

        assertThat(manager.snapshot()).containsOnlyKeys("other");
        assertThat(eventTypes()).endsWith(ModelEventType.UNLOADED);
    }

    @Test
    void shouldServeACanaryThenPromoteItThenRollBack() throws Exception {
        version("m", 1, "2");
        version("m", 2, "3");
        start(Map.of("m", new ModelPolicy(VersionPolicy.latest(2), OptionalLong.empty(), OptionalLong.empty(), 0, OptionalLong.empty())));
        assertThat(served("m").stable()).isEqualTo(2);

        manager.submit(command(ModelEventType.SET_CANARY, 2L, 0.25)).join();
        assertThat(served("m").stable()).isEqualTo(1);
        assertThat(served("m").canary()).hasValue(2);
        assertThat(served("m").canaryShare()).isEqualTo(0.25);

        manager.submit(command(ModelEventType.PROMOTE, null, null)).join();
        assertThat(served("m").stable()).isEqualTo(2);
        assertThat(served("m").canary()).isEmpty();

        manager.submit(command(ModelEventType.ROLLBACK, null, null)).join();
        assertThat(served("m").stable()).isEqualTo(1);
        assertThat(eventTypes()).contains(ModelEventType.ROLLED_BACK);
    }

    @Test
    void shouldLoadAShadowVersionOutsideThePolicyAndNeverMakeItStable() throws Exception {
        version("m", 1, "2");
        version("m", 2, "3");
        start(Map.of("m", new ModelPolicy(VersionPolicy.specific(1), OptionalLong.empty(), OptionalLong.empty(), 0, OptionalLong.empty())));
        assertThat(served("m").versions()).containsOnlyKeys(1L);

        manager.submit(command(ModelEventType.SET_SHADOW, 2L, null)).join();

        assertThat(served("m").versions()).containsOnlyKeys(1L, 2L);
        assertThat(served("m").stable()).isEqualTo(1);
        assertThat(served("m").shadow()).hasValue(2);
    }

    @Test
    void shouldRefuseACommandForAVersionThatIsNotInTheRepository() throws Exception {
        version("m", 1, "2");
        start(Map.of());

        manager.submit(command(ModelEventType.PIN, 7L, null)).join();

        assertThat(served("m").stable()).isEqualTo(1);
        assertThat(events.get(events.size() - 1).getType()).isEqualTo(ModelEventType.COMMAND_REJECTED);
        assertThat(events.get(events.size() - 1).getReason()).contains("version 7");
    }

    @Test
    void shouldIgnoreReportsFromOtherInstances() throws Exception {
        version("m", 1, "2");
        start(Map.of());
        int before = events.size();

        manager.submit(command(ModelEventType.DEPLOYED, 1L, null)).join();

        assertThat(events).hasSize(before);
    }

    @Test
    void shouldServeNothingFromAnEmptyRepository() {
        start(Map.of());
        assertThat(manager.snapshot()).isEmpty();
        assertThat(events).isEmpty();
    }

    private static ModelEvent command(ModelEventType type, Long version, Double share) {
        return ModelEvent.newBuilder().setModel("m").setVersion(version).setType(type).setShare(share).setReason("test")
            .setInstance("").setSignature("").setTimestamp(Instant.now()).build();
    }
}
