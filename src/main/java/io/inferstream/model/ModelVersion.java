package io.inferstream.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One version folder of a model in the repository, e.g. {@code models/ctr/2}.
 *
 * @param model model name (folder name)
 * @param version version number parsed from the folder name ({@code 00000123} is 123)
 * @param path the version folder, holding {@code saved_model.pb} and {@code variables/}
 */
public record ModelVersion(String model, long version, Path path) implements Comparable<ModelVersion> {

    public ModelVersion {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(path, "path");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + version);
        }
    }

    /** Orders by model name, then version number. */
    @Override
    public int compareTo(ModelVersion o) {
        int c = model.compareTo(o.model);
        return c != 0 ? c : Long.compare(version, o.version);
    }
}
