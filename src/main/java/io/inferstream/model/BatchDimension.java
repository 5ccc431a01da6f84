package io.inferstream.model;

/**
 * How a signature tensor treats its leading (batch) dimension; decides how a {@link BatchInput} is
 * fed to the model.
 */
public enum BatchDimension {
    /** Leading dimension is unknown ({@code -1}): a whole batch is scored in one call. */
    VARIABLE,
    /**
     * Leading dimension is fixed at 1 (e.g. a TF2 function traced with a concrete shape): rows are
     * scored one call per row, transparently.
     */
    FIXED_ONE,
    /**
     * The tensor has no batch dimension (a scalar, or a fixed leading size other than 1): each row
     * is fed as the whole tensor, one call per row.
     */
    NONE
}
