package io.inferstream.model;

/**
 * Something that scores batches for one model version. The inference topology depends only on
 * this interface (no TensorFlow types), so its tests can use a pure-Java implementation while
 * production uses {@link LoadedModel}.
 *
 * <p>Implementations must be safe for concurrent {@link #score(BatchInput)} calls.
 */
public interface Scorer extends AutoCloseable {

    /** Model name (the repository folder name). */
    String name();

    /** Model version (the integer version folder). */
    long version();

    /** The signature this scorer serves; inputs are validated against it. */
    ModelSignature signature();

    /**
     * Scores all rows of the batch.
     *
     * @throws ScoringException with a {@link ScoringErrorCode} when the batch does not fit the
     *     signature or the model fails on it
     */
    BatchOutput score(BatchInput input);

    /** Releases the model; later {@link #score(BatchInput)} calls fail with {@code MODEL_CLOSED}. */
    @Override
    void close();
}
