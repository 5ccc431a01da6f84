package io.inferstream.inference;

import java.nio.file.Files;
import java.nio.file.Path;

/** The reference SavedModels exported by Python TensorFlow, in {@code shared/models} beside the repository. */
final class SharedModelsDir {

    private SharedModelsDir() {
    }

    static Path root() {
        String configured = System.getProperty("inferstream.shared.models");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("models");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/models not found beside the repository (working dir " + Path.of("").toAbsolutePath() + ")");
    }

    static Path halfPlusTwoTf1() {
        return root().resolve("half_plus_two_tf1").resolve("00000123");
    }

    static Path halfPlusTwoTf2() {
        return root().resolve("half_plus_two_tf2").resolve("00000123");
    }
}
