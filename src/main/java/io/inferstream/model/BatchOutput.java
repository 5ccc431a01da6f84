package io.inferstream.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model returned for a {@link BatchInput}: one flat {@link Column} per signature output,
 * holding {@link #rows()} rows in input order. {@link Column#rowShape()} gives the per-row shape,
 * so the caller splits results per request with {@link #slice(int, int)}.
 *
 * @param rows number of rows, equal to the input's
 * @param columns output columns by output name
 */
public record BatchOutput(int rows, Map<String, Column> columns) {

    public BatchOutput {
        columns = Map.copyOf(columns);
    }

    /** The output of that name; an {@link IllegalArgumentException} names the known ones. */
    public Column column(String name) {
        Column c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no output '" + name + "'; outputs: " + columns.keySet());
        }
        return c;
    }

    /** Rows {@code [fromRow, toRow)} of every output, e.g. the share of one request. */
    public BatchOutput slice(int fromRow, int toRow) {
        Map<String, Column> sliced = new LinkedHashMap<>();
        columns.forEach((name, c) -> sliced.put(name, c.slice(fromRow, toRow)));
        return new BatchOutput(toRow - fromRow, sliced);
    }
}
