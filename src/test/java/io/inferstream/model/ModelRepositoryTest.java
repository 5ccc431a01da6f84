package io.inferstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {

    @TempDir
    Path root;

    private void dirs(String... paths) throws IOException {
        for (String p : paths) {
            Files.createDirectories(root.resolve(p));
        }
    }

    private static List<Long> numbers(List<ModelVersion> versions) {
        return versions.stream().map(ModelVersion::version).toList();
    }

    @Test
    void shouldListIntegerVersionFoldersOnlyInNumericOrder() throws IOException {
        dirs("ctr/1", "ctr/10", "ctr/2", "ctr/00000123", "ctr/.staging-3-123", "ctr/tmp", "ctr/-1", "ctr/2a", "ctr/99999999999999999999");
        Files.writeString(root.resolve("ctr/7"), "a file, not a version folder");

        List<ModelVersion> versions = new ModelRepository(root).versions("ctr");

        assertThat(numbers(versions)).containsExactly(1L, 2L, 10L, 123L);
        assertThat(versions.get(3).path()).isEqualTo(root.resolve("ctr/00000123"));
        assertThat(versions).allSatisfy(v -> assertThat(v.model()).isEqualTo("ctr"));
    }

    @Test
    void shouldListModelsIgnoringDotFoldersAndFiles() throws IOException {
        dirs("ctr/1", "ranker/3", ".trash/1");
        Files.writeString(root.resolve("README.md"), "x");

        ModelRepository repository = new ModelRepository(root);

        assertThat(repository.models()).containsExactly("ctr", "ranker");
        assertThat(repository.scan()).containsOnlyKeys("ctr", "ranker");
        assertThat(numbers(repository.scan().get("ranker"))).containsExactly(3L);
    }

    @Test
    void shouldReturnNothingForMissingRepositoryOrModel() {
        ModelRepository missing = new ModelRepository(root.resolve("nope"));

        assertThat(missing.models()).isEmpty();
        assertThat(missing.versions("ctr")).isEmpty();
        assertThat(new ModelRepository(root).servable("ctr", VersionPolicy.latest())).isEmpty();
    }

    @Test
    void shouldServeLatestVersion() throws IOException {
        dirs("ctr/1", "ctr/3", "ctr/2", "ctr/.staging-4-1");

        assertThat(numbers(new ModelRepository(root).servable("ctr", VersionPolicy.latest()))).containsExactly(3L);
    }

    @Test
    void shouldServeLatestNVersionsAscending() throws IOException {
        dirs("ctr/1", "ctr/3", "ctr/2", "ctr/5");

        ModelRepository repository = new ModelRepository(root);

        assertThat(numbers(repository.servable("ctr", VersionPolicy.latest(2)))).containsExactly(3L, 5L);
        assertThat(numbers(repository.servable("ctr", VersionPolicy.latest(10)))).containsExactly(1L, 2L, 3L, 5L);
    }

    @Test
    void shouldServeSpecificVersionsThatExist() throws IOException {
        dirs("ctr/1", "ctr/2", "ctr/3");

        List<ModelVersion> served = new ModelRepository(root).servable("ctr", VersionPolicy.specific(3, 1, 9));

        assertThat(numbers(served)).containsExactly(1L, 3L);
        assertThat(VersionPolicy.specific(3, 1, 9).missing(List.of(1L, 2L, 3L))).containsExactly(9L);
    }

    @Test
    void shouldKeepFirstFolderWhenTwoNamesDenoteTheSameVersion() throws IOException {
        dirs("ctr/001", "ctr/1");

        List<ModelVersion> served = new ModelRepository(root).servable("ctr", VersionPolicy.latest());

        assertThat(served).singleElement().extracting(ModelVersion::path).isEqualTo(root.resolve("ctr/001"));
    }

    @Test
    void shouldParseVersionPolicies() {
        assertThat(VersionPolicy.parse("latest")).isEqualTo(VersionPolicy.latest());
        assertThat(VersionPolicy.parse(" LATEST:3 ")).isEqualTo(VersionPolicy.latest(3));
        assertThat(VersionPolicy.parse("specific:2, 1")).isEqualTo(VersionPolicy.specific(1, 2));
        assertThat(VersionPolicy.parse("specific:1,2").toString()).isEqualTo("specific:1,2");
        assertThat(VersionPolicy.latest(2).toString()).isEqualTo("latest:2");
    }

    @Test
    void shouldRejectMalformedVersionPolicies() {
        for (String bad : List.of("", "newest", "latest:0", "latest:x", "specific:", "specific:a,b")) {
            assertThatThrownBy(() -> VersionPolicy.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldSelectFromEmptyAvailableSet() {
        assertThat(VersionPolicy.latest().select(List.of())).isEmpty();
        assertThat(VersionPolicy.specific(1).select(List.of())).isEmpty();
    }
}
