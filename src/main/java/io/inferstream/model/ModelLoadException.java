package io.inferstream.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model version could not be loaded. Checked, because a bad version on disk must never take the
 * application down: the caller keeps serving the previous version and reports the reason.
 */
public final class ModelLoadException extends Exception {

    /** Why loading failed. */
    public enum Reason {
        /** The version folder or its {@code saved_model.pb} does not exist. */
        NOT_FOUND,
        /** {@code saved_model.pb} or the variables cannot be read or parsed. */
        CORRUPT,
        /** No MetaGraph carries the requested tags (usually {@code serve}). */
        TAGS_NOT_FOUND,
        /** The requested signature key is not in the MetaGraph. */
        SIGNATURE_NOT_FOUND,
        /** The signature uses tensor kinds or dtypes this project does not support. */
        UNSUPPORTED_SIGNATURE,
        /** The signature does not match the configured expected inputs. */
        SIGNATURE_MISMATCH,
        /** TensorFlow failed to create the session or restore the model. */
        LOAD_FAILED,
        /** The warm-up batch failed. */
        WARMUP_FAILED,
        /** The TensorFlow native library could not be loaded on this machine. */
        NATIVE_UNAVAILABLE
    }

    private final Reason reason;
    private final Path path;

    public ModelLoadException(Reason reason, Path path, String message) {
        this(reason, path, message, null);
    }

    public ModelLoadException(Reason reason, Path path, String message, Throwable cause) {
        super(reason + " " + path + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.path = path;
    }

    public Reason reason() {
        return reason;
    }

    /** The version folder that failed. */
    public Path path() {
        return path;
    }
}
