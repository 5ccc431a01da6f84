package io.inferstream.drift.offline;

import io.inferstream.drift.profile.CategoricalDistribution;
import io.inferstream.drift.profile.NumericDistribution;
import io.inferstream.drift.profile.ReferenceProfiles.DriftReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Profiles of a CSV file's columns, built with the same profile classes the stream fills.
 *
 * <p><b>Column types</b> ({@link #numericColumns}): a column is numeric when every non-empty value
 * in every file considered parses as a finite number ({@code Double.parseDouble} after trimming)
 * and there is at least one; otherwise it is categorical, values compared as exact strings. Force a
 * numeric-looking column (an id, a code) to categorical by naming it. Empty cells are missing values
 * and are skipped on both kinds of column.
 */
public final class DataFileProfiles {

    private DataFileProfiles() {
    }

    /** The columns of {@code columns} that are numeric in all of {@code tables}, minus {@code forcedCategorical}. */
    public static Set<String> numericColumns(List<String> columns, List<CsvTable> tables, Set<String> forcedCategorical) {
        Set<String> numeric = new LinkedHashSet<>();
        for (String column : columns) {
            if (forcedCategorical.contains(column)) {
                continue;
            }
            boolean any = false;
            boolean all = true;
            for (CsvTable t : tables) {
                int index = t.columnIndex(column);
                for (String[] row : t.rows()) {
                    String v = row[index].trim();
                    if (!v.isEmpty()) {
                        any = true;
                        if (parse(v) == null) {
                            all = false;
                            break;
                        }
                    }
                }
            }
            if (any && all) {
                numeric.add(column);
            }
        }
        return numeric;
    }

    /**
     * Profiles {@code columns} of {@code table}: those in {@code numeric} as {@link NumericDistribution}s,
     * the others as {@link CategoricalDistribution}s.
     *
     * @throws DataFileException when a column is missing, or a numeric column has a non-numeric value
     */
    public static DriftReference profile(CsvTable table, List<String> columns, Set<String> numeric) {
        Map<String, NumericDistribution> numericProfiles = new LinkedHashMap<>();
        Map<String, CategoricalDistribution> categoricalProfiles = new LinkedHashMap<>();
        for (String column : columns) {
            int index = table.columnIndex(column);
            if (index < 0) {
                throw new DataFileException(table.file() + ": no column '" + column + "' (header: " + String.join(",", table.header()) + ")");
            }
            if (numeric.contains(column)) {
                NumericDistribution d = NumericDistribution.create();
                List<String[]> rows = table.rows();
                for (int r = 0; r < rows.size(); r++) {
                    String v = rows.get(r)[index].trim();
                    if (v.isEmpty()) {
                        continue;
                    }
                    Double x = parse(v);
                    if (x == null) {
                        throw new DataFileException(table.file() + ": column '" + column + "' is numeric but data row " + (r + 1)
                                + " has '" + v + "'");
                    }
                    d.update(x);
                }
                numericProfiles.put(column, d);
            } else {
                CategoricalDistribution d = CategoricalDistribution.create();
                for (String[] row : table.rows()) {
                    if (!row[index].isEmpty()) {
                        d.update(row[index]);
                    }
                }
                categoricalProfiles.put(column, d);
            }
        }
        return new DriftReference(numericProfiles, categoricalProfiles, Map.of());
    }

    /** All columns of {@code table}, typed from it alone (for {@code drift profile}). */
    public static DriftReference profile(CsvTable table, Set<String> forcedCategorical) {
        List<String> columns = new ArrayList<>(table.header());
        return profile(table, columns, numericColumns(columns, List.of(table), forcedCategorical));
    }

    private static Double parse(String v) {
        try {
            double x = Double.parseDouble(v);
            return Double.isFinite(x) ? x : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
