package io.inferstream.inference;

import io.inferstream.model.Column;
import java.util.Map;

/**
 * One request's share of a batch: a column per signature input, all with {@code rows} rows.
 *
 * @param rows    rows this request contributes
 * @param batched whether the request gave a leading batch dimension; results mirror it, so a
 *                single-example request gets single-example outputs back
 * @param columns input columns by signature input name
 */
public record RequestRows(int rows, boolean batched, Map<String, Column> columns) {
    public RequestRows {
        columns = Map.copyOf(columns);
    }
}
