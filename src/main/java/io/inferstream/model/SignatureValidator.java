package io.inferstream.model;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks a {@link BatchInput} against a {@link ModelSignature} before any tensor is built, so a bad
 * request fails with a precise {@link ScoringErrorCode} instead of a TensorFlow runtime error.
 * Pure Java: a non-TensorFlow {@link Scorer} can apply the same rules.
 */
public final class SignatureValidator {

    private SignatureValidator() {}

    /**
     * Validates names, dtypes, per-row shapes and lengths; problems are reported in a fixed order
     * (missing inputs first, then unexpected ones, then per input in name order).
     *
     * @throws ScoringException the first problem found
     */
    public static void validate(ModelSignature signature, BatchInput input) {
        Map<String, TensorSpec> specs = signature.inputs();
        Map<String, Column> columns = input.columns();
        for (String name : specs.keySet()) {
            if (!columns.containsKey(name)) {
                throw new ScoringException(ScoringErrorCode.MISSING_FEATURE, name,
                        "signature " + signature.key() + " requires input '" + name + "'; batch has " + new TreeSet<>(columns.keySet()));
            }
        }
        for (String name : new TreeSet<>(columns.keySet())) {
            if (!specs.containsKey(name)) {
                throw new ScoringException(ScoringErrorCode.UNEXPECTED_FEATURE, name,
                        "signature " + signature.key() + " has no input '" + name + "'; inputs are " + specs.keySet());
            }
        }
        for (TensorSpec spec : specs.values()) {
            Column column = columns.get(spec.name());
            if (column.dtype() != spec.dtype()) {
                throw new ScoringException(ScoringErrorCode.BAD_DTYPE, spec.name(),
                        "expected " + spec.dtype() + " but got " + column.dtype());
            }
            long[] rowShape = column.rowShape();
            if (!spec.acceptsRowShape(rowShape)) {
                throw new ScoringException(ScoringErrorCode.BAD_SHAPE, spec.name(),
                        "row shape " + Arrays.toString(rowShape) + " does not fit " + Arrays.toString(spec.rowShape()));
            }
            long expectedLength = (long) input.rows() * column.rowSize();
            if (column.length() != expectedLength) {
                throw new ScoringException(ScoringErrorCode.BAD_SHAPE, spec.name(),
                        column.length() + " values for " + input.rows() + " rows of shape " + Arrays.toString(rowShape)
                                + " (expected " + expectedLength + ")");
            }
        }
    }
}
