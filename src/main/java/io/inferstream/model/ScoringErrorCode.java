package io.inferstream.model;

/**
 * Why a batch could not be scored. The inference topology dead-letters a request with this code,
 * so the names are part of the dead-letter contract: do not rename them.
 */
public enum ScoringErrorCode {
    /** A signature input has no column in the batch. */
    MISSING_FEATURE,
    /** The batch carries a column the signature does not know. */
    UNEXPECTED_FEATURE,
    /** A column's element type differs from the signature input's dtype. */
    BAD_DTYPE,
    /** A column's per-row shape or length does not fit the signature input or the row count. */
    BAD_SHAPE,
    /** TensorFlow rejected the batch at run time (e.g. an invalid value) or returned a bad output. */
    MODEL_FAILURE,
    /** The model was closed (e.g. unloaded after a newer version took over) before scoring. */
    MODEL_CLOSED
}
