package io.inferstream.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A batch of rows to score: one flat {@link Column} per model input, keyed by the signature's
 * input name. Built by the topology from a micro-batch of requests; validated against the
 * signature only when scored, so that every problem surfaces as a {@link ScoringException}.
 *
 * @param rows number of rows; every column must hold exactly this many
 * @param columns columns by input name
 */
public record BatchInput(int rows, Map<String, Column> columns) {

    public BatchInput {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, was " + rows);
        }
        columns = Map.copyOf(columns);
    }

    /** Starts a batch of {@code rows} rows. */
    public static Builder builder(int rows) {
        return new Builder(rows);
    }

    /** Accumulates columns; insertion order does not matter. */
    public static final class Builder {
        private final int rows;
        private final Map<String, Column> columns = new LinkedHashMap<>();

        private Builder(int rows) {
            this.rows = rows;
        }

        public Builder column(String name, Column column) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(column, "column");
            if (columns.putIfAbsent(name, column) != null) {
                throw new IllegalArgumentException("column '" + name + "' given twice");
            }
            return this;
        }

        public BatchInput build() {
            return new BatchInput(rows, columns);
        }
    }
}
