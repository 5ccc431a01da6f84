package io.inferstream.drift.offline;

import io.inferstream.drift.detect.DriftRule;
import io.inferstream.drift.detect.Severity;
import io.inferstream.drift.detect.Verdict;
import io.inferstream.drift.profile.CategoricalDistribution;
import io.inferstream.drift.profile.NumericDistribution;
import io.inferstream.drift.profile.ReferenceProfiles.DriftReference;
import io.inferstream.drift.stats.CategoricalDriftStatistics;
import io.inferstream.drift.stats.DriftMeasurement;
import io.inferstream.drift.stats.MetricNames;
import io.inferstream.drift.stats.NumericDriftStatistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code inferstream drift compare}: the drift of every column of a current data file against a
 * reference (a data file or a reference profile), through the same profiles, statistics and
 * {@link DriftRule} as the stream.
 */
public final class DataFileDrift {

    /** Metric names of a numeric column, in output order. */
    public static final List<String> NUMERIC_METRICS = List.of(MetricNames.PSI, MetricNames.KS, MetricNames.KS_P_VALUE,
            MetricNames.JENSEN_SHANNON, MetricNames.WASSERSTEIN_NORMED);
    /** Metric names of a categorical column, in output order. */
    public static final List<String> CATEGORICAL_METRICS = List.of(MetricNames.CHI_SQUARE, MetricNames.CHI_SQUARE_P_VALUE,
            MetricNames.JENSEN_SHANNON);

    private DataFileDrift() {
    }

    /**
     * One column's result.
     *
     * @param column column name
     * @param numeric whether it was compared as numeric
     * @param referenceCount non-missing values in the reference
     * @param currentCount non-missing values in the current file
     * @param metrics metric name to value; NaN for every metric when a side has no values
     * @param verdict the rule's verdict (insufficient data when a side has too few values)
     */
    public record ColumnDrift(String column, boolean numeric, long referenceCount, long currentCount,
            Map<String, Double> metrics, Verdict verdict) {
    }

    /** Compares two CSV files; column types from both files ({@link DataFileProfiles#numericColumns}). */
    public static List<ColumnDrift> compare(CsvTable reference, CsvTable current, Set<String> forcedCategorical, DriftRule rule) {
        for (String column : forcedCategorical) {
            if (reference.columnIndex(column) < 0) {
                throw new DataFileException("--categorical names '" + column + "', which " + reference.file() + " does not have");
            }
        }
        List<String> columns = reference.header();
        requireColumns(current, columns);
        Set<String> numeric = DataFileProfiles.numericColumns(columns, List.of(reference, current), forcedCategorical);
        return compare(DataFileProfiles.profile(reference, columns, numeric), current, rule);
    }

    /** Compares a CSV file with a reference profile's features; types as the reference has them. */
    public static List<ColumnDrift> compare(DriftReference reference, CsvTable current, DriftRule rule) {
        List<String> columns = new ArrayList<>(reference.numericFeatures().keySet());
        columns.addAll(reference.categoricalFeatures().keySet());
        requireColumns(current, columns);
        DriftReference now = DataFileProfiles.profile(current, columns, reference.numericFeatures().keySet());
        List<ColumnDrift> out = new ArrayList<>();
        reference.numericFeatures().forEach((column, ref) -> out.add(numeric(column, ref, now.numericFeatures().get(column), rule)));
        reference.categoricalFeatures().forEach((column, ref) -> out.add(categorical(column, ref, now.categoricalFeatures().get(column), rule)));
        return out;
    }

    private static ColumnDrift numeric(String column, NumericDistribution ref, NumericDistribution cur, DriftRule rule) {
        if (ref.isEmpty() || cur.isEmpty()) {
            return empty(column, true, ref.count(), cur.count(), NUMERIC_METRICS);
        }
        return result(column, true, NumericDriftStatistics.DEFAULT.compare(ref, cur), rule);
    }

    private static ColumnDrift categorical(String column, CategoricalDistribution ref, CategoricalDistribution cur, DriftRule rule) {
        if (ref.isEmpty() || cur.isEmpty()) {
            return empty(column, false, ref.count(), cur.count(), CATEGORICAL_METRICS);
        }
        return result(column, false, CategoricalDriftStatistics.compare(ref, cur), rule);
    }

    private static ColumnDrift result(String column, boolean numeric, DriftMeasurement m, DriftRule rule) {
        return new ColumnDrift(column, numeric, m.referenceCount(), m.currentCount(), m.metrics(), rule.evaluate(m));
    }

    private static ColumnDrift empty(String column, boolean numeric, long refCount, long curCount, List<String> names) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        names.forEach(n -> metrics.put(n, Double.NaN));
        return new ColumnDrift(column, numeric, refCount, curCount, metrics,
                new Verdict(Severity.NONE, false, Map.of()));
    }

    private static void requireColumns(CsvTable current, List<String> columns) {
        List<String> missing = columns.stream().filter(c -> current.columnIndex(c) < 0).toList();
        if (!missing.isEmpty()) {
            throw new DataFileException(current.file() + ": missing column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " of the reference");
        }
    }
}
