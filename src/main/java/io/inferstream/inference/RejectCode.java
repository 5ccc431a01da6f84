package io.inferstream.inference;

/**
 * Why a request was dead-lettered instead of scored. The names are the {@code errorCode} of
 * {@code DeadLetter} records, a contract with whoever replays them: do not rename.
 */
public enum RejectCode {
    /** The value is not Confluent wire format Avro, or its body does not decode. */
    UNDECODABLE_VALUE,
    /** The first byte is not the wire format's magic byte 0x00. */
    BAD_MAGIC_BYTE,
    /** The schema id in the header is not in the registry. */
    UNKNOWN_SCHEMA_ID,
    /** The request decodes but is not valid on its own terms (e.g. an empty request id). */
    INVALID_REQUEST,
    /** No model of that name is served (and no default model is configured). */
    UNKNOWN_MODEL,
    /** The model is served, but not the requested version. */
    UNKNOWN_VERSION,
    /** A signature input is missing from the request. */
    MISSING_FEATURE,
    /** The request carries a feature the signature does not know. */
    UNEXPECTED_FEATURE,
    /** A feature's dtype differs from the signature's. */
    BAD_DTYPE,
    /** A feature's shape does not fit the signature, its values do not fill its shape, or inputs disagree on rows. */
    BAD_SHAPE,
    /** A float feature holds NaN or an infinity and the configuration rejects them. */
    NON_FINITE,
    /** The request holds more rows than the configured maximum. */
    OVERSIZE,
    /** The model failed on this request (TensorFlow returned an error). */
    MODEL_FAILURE
}
