package io.inferstream.inference;

import io.inferstream.model.VersionPolicy;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How one model is served at start-up, before any operator command: which versions to load, and an
 * optional pinned, canary and shadow version. Commands on the model-control topic change the last
 * three at run time.
 */
public record ModelPolicy(VersionPolicy versions, OptionalLong pinned, OptionalLong canary, double canaryShare,
                          OptionalLong shadow) {
    public ModelPolicy {
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(pinned, "pinned");
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(shadow, "shadow");
        if (!(canaryShare >= 0 && canaryShare <= 1)) {
            throw new IllegalArgumentException("canary share must be in [0,1], got " + canaryShare);
        }
    }

    /** Serve the latest version only, no canary, no shadow: TensorFlow Serving's default. */
    public static ModelPolicy latest() {
        return new ModelPolicy(VersionPolicy.latest(), OptionalLong.empty(), OptionalLong.empty(), 0, OptionalLong.empty());
    }
}
