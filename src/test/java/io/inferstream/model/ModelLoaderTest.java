package io.inferstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure modes of {@link ModelLoader}: every one must be a {@link ModelLoadException}. */
class ModelLoaderTest {

    @TempDir
    Path temp;

    private static ModelLoadException loadFailure(ModelLoader loader, Path dir) {
        try {
            loader.load("m", 1, dir).close();
        } catch (ModelLoadException e) {
            return e;
        }
        throw new AssertionError("expected a ModelLoadException for " + dir);
    }

    /** Copies the tf1 reference model into the temp folder, so it can be damaged. */
    private Path copyOfTf1() throws IOException {
        Path source = SharedModels.halfPlusTwoTf1();
        Path target = temp.resolve("half_plus_two").resolve("1");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }

    @Test
    void shouldReportMissingFolder() {
        ModelLoadException e = loadFailure(new ModelLoader(), temp.resolve("nope/1"));

        assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.NOT_FOUND);
        assertThat(e.path()).isEqualTo(temp.resolve("nope/1"));
    }

    @Test
    void shouldReportFolderWithoutSavedModel() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("m/1"));

        ModelLoadException e = loadFailure(new ModelLoader(), empty);

        assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.NOT_FOUND);
        assertThat(e).hasMessageContaining("saved_model.pb");
    }

    @Test
    void shouldReportTruncatedSavedModelAsCorrupt() throws IOException {
        Path dir = copyOfTf1();
        Path pb = dir.resolve("saved_model.pb");
        byte[] bytes = Files.readAllBytes(pb);
        Files.write(pb, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        ModelLoadException e = loadFailure(new ModelLoader(), dir);

        assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.CORRUPT);
        assertThat(e).hasMessageContaining("saved_model.pb cannot be parsed");
    }

    @Test
    void shouldReportGarbageSavedModelAsCorrupt() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("m/1"));
        Files.write(dir.resolve("saved_model.pb"), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0x01});

        assertThat(loadFailure(new ModelLoader(), dir).reason()).isEqualTo(ModelLoadException.Reason.CORRUPT);
    }

    @Test
    void shouldReportMissingVariablesAsCorrupt() throws IOException {
        Path dir = copyOfTf1();
        try (Stream<Path> files = Files.list(dir.resolve("variables"))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }

        ModelLoadException e = loadFailure(new ModelLoader(), dir);

        assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.CORRUPT);
        assertThat(e).hasMessageContaining("variables.index");
    }

    @Test
    void shouldReportCorruptVariablesAsLoadFailure() throws IOException {
        Path dir = copyOfTf1();
        Files.write(dir.resolve("variables").resolve("variables.index"), new byte[] {1, 2, 3});

        ModelLoadException e = loadFailure(new ModelLoader(), dir);

        assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.LOAD_FAILED);
    }

    @Test
    void shouldReportUnknownSignatureKeyListingAvailableOnes() {
        ModelLoader loader = new ModelLoader(ModelLoadOptions.defaults().withSignatureKey("predict_everything"));

        ModelLoadException e = loadFailure(loader, SharedModels.halfPlusTwoTf1());

        assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.SIGNATURE_NOT_FOUND);
        assertThat(e).hasMessageContaining("serving_default").hasMessageContaining("regress_x_to_y");
    }

    @Test
    void shouldReportUnknownTags() {
        ModelLoader loader = new ModelLoader(new ModelLoadOptions("serving_default", java.util.List.of("gpu"), Map.of(), true, 0, 0));

        assertThat(loadFailure(loader, SharedModels.halfPlusTwoTf1()).reason()).isEqualTo(ModelLoadException.Reason.TAGS_NOT_FOUND);
    }

    @Test
    void shouldReportSignatureNotMatchingExpectedInputs() {
        ModelLoader wrongDtype = new ModelLoader(ModelLoadOptions.defaults().withExpectedInputs(Map.of("x", DType.DOUBLE)));
        ModelLoader wrongName = new ModelLoader(ModelLoadOptions.defaults().withExpectedInputs(Map.of("features", DType.FLOAT)));

        ModelLoadException e = loadFailure(wrongDtype, SharedModels.halfPlusTwoTf1());

        assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.SIGNATURE_MISMATCH);
        assertThat(e).hasMessageContaining("x=FLOAT").hasMessageContaining("x=DOUBLE");
        assertThat(loadFailure(wrongName, SharedModels.halfPlusTwoTf1()).reason())
                .isEqualTo(ModelLoadException.Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void shouldLoadWhenExpectedInputsMatchAndRefuseScoringOnceClosed() throws ModelLoadException {
        ModelLoader loader = new ModelLoader(ModelLoadOptions.defaults()
                .withExpectedInputs(Map.of("x", DType.FLOAT)).withThreads(1, 1));
        LoadedModel model = loader.load("half_plus_two_tf1", 123, SharedModels.halfPlusTwoTf1());
        BatchInput one = BatchInput.builder(1).column("x", Column.floats(new float[] {4}, 1)).build();
        assertThat(model.score(one).column("y").floats()).containsExactly(4f);

        model.close();
        model.close();

        assertThatThrownBy(() -> model.score(one))
                .isInstanceOfSatisfying(ScoringException.class, e -> assertThat(e.code()).isEqualTo(ScoringErrorCode.MODEL_CLOSED));
    }
}
