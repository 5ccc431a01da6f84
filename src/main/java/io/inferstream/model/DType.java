package io.inferstream.model;

/**
 * Element types a model input or output may have, as seen by callers outside this package.
 *
 * <p>Our own enum rather than TensorFlow's {@code DataType}, so that the topology and the feature
 * mapping never depend on TensorFlow classes. Signatures using any other TensorFlow type are
 * rejected when the model is loaded.
 */
public enum DType {
    /** 32-bit float ({@code DT_FLOAT}). */
    FLOAT,
    /** 64-bit float ({@code DT_DOUBLE}). */
    DOUBLE,
    /** 32-bit signed integer ({@code DT_INT32}). */
    INT32,
    /** 64-bit signed integer ({@code DT_INT64}). */
    INT64,
    /** UTF-8 string ({@code DT_STRING}). */
    STRING,
    /** Boolean ({@code DT_BOOL}). */
    BOOL
}
