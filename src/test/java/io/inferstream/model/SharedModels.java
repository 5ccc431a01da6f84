package io.inferstream.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the reference SavedModels exported by Python TensorFlow ({@code shared/models} beside the
 * repository). Surefire passes {@code inferstream.shared.models}; when run from an IDE or from a
 * worktree nested deeper, the nearest ancestor holding {@code shared/models} is used.
 */
public final class SharedModels {

    private SharedModels() {}

    public static Path root() {
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
        throw new IllegalStateException("shared/models not found (property inferstream.shared.models="
                + configured + ", working dir " + Path.of("").toAbsolutePath() + ")");
    }

    public static Path halfPlusTwoTf1() {
        return root().resolve("half_plus_two_tf1").resolve("00000123");
    }

    public static Path halfPlusTwoTf2() {
        return root().resolve("half_plus_two_tf2").resolve("00000123");
    }
}
