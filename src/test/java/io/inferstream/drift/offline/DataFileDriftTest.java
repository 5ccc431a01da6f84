package io.inferstream.drift.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.drift.KllRandomness;
import io.inferstream.drift.detect.DriftRule;
import io.inferstream.drift.detect.Severity;
import io.inferstream.drift.offline.DataFileDrift.ColumnDrift;
import io.inferstream.drift.profile.CategoricalDistribution;
import io.inferstream.drift.profile.NumericDistribution;
import io.inferstream.drift.stats.CategoricalDriftStatistics;
import io.inferstream.drift.stats.NumericDriftStatistics;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataFileDriftTest {

    /** A CSV of {@code rows} rows: x ~ N(shift, 1), code in 1..3 (numbers, but a category), color in {red, blue}. */
    static String csv(long seed, int rows, double shift, double blueShare) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder("x,code,color\n");
        for (int i = 0; i < rows; i++) {
            String x = i % 50 == 7 ? "" : Double.toString(shift + random.nextGaussian());
            sb.append(x).append(',').append(1 + random.nextInt(3)).append(',')
                    .append(random.nextDouble() < blueShare ? "blue" : "red").append('\n');
        }
        return sb.toString();
    }

    @Test
    void shouldTypeColumnsAndComputeTheStreamsMetrics() {
        CsvTable ref = CsvTable.parse(Path.of("ref.csv"), csv(1, 5_000, 0, 0.3));
        CsvTable cur = CsvTable.parse(Path.of("cur.csv"), csv(2, 2_000, 0.5, 0.3));
        KllRandomness.seed(5);
        List<ColumnDrift> results = DataFileDrift.compare(ref, cur, Set.of("code"), DriftRule.defaults());

        assertThat(results).extracting(ColumnDrift::column).containsExactly("x", "code", "color");
        ColumnDrift x = results.get(0);
        assertThat(x.numeric()).isTrue();
        assertThat(x.referenceCount()).isEqualTo(4_900);
        assertThat(x.metrics()).containsOnlyKeys(DataFileDrift.NUMERIC_METRICS);
        assertThat(x.verdict().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(results.get(1).numeric()).isFalse();
        assertThat(results.get(1).metrics()).containsOnlyKeys(DataFileDrift.CATEGORICAL_METRICS);
        assertThat(results.get(2).verdict().severity()).isEqualTo(Severity.NONE);

        // The same numbers as the stream's classes fed value by value (KLL's coin flips seeded alike).
        KllRandomness.seed(5);
        NumericDistribution r = NumericDistribution.create();
        NumericDistribution c = NumericDistribution.create();
        ref.rows().stream().filter(row -> !row[0].isEmpty()).forEach(row -> r.update(Double.parseDouble(row[0])));
        cur.rows().stream().filter(row -> !row[0].isEmpty()).forEach(row -> c.update(Double.parseDouble(row[0])));
        assertThat(x.metrics()).isEqualTo(NumericDriftStatistics.DEFAULT.compare(r, c).metrics());
        CategoricalDistribution rc = CategoricalDistribution.create();
        CategoricalDistribution cc = CategoricalDistribution.create();
        ref.rows().forEach(row -> rc.update(row[2]));
        cur.rows().forEach(row -> cc.update(row[2]));
        assertThat(results.get(2).metrics()).isEqualTo(CategoricalDriftStatistics.compare(rc, cc).metrics());
    }

    @Test
    void shouldTreatAColumnAsCategoricalWhenAnyValueIsNotANumber() {
        CsvTable ref = CsvTable.parse(Path.of("ref.csv"), "v\n1\n2\n3\n");
        CsvTable cur = CsvTable.parse(Path.of("cur.csv"), "v\n1\nNaN\n3\n");
        assertThat(DataFileDrift.compare(ref, cur, Set.of(), DriftRule.defaults()).get(0).numeric()).isFalse();
        assertThat(DataFileDrift.compare(ref, ref, Set.of(), DriftRule.defaults()).get(0).numeric()).isTrue();
    }

    @Test
    void shouldGiveNoVerdictOnTooFewOrNoValues() {
        CsvTable ref = CsvTable.parse(Path.of("ref.csv"), "v,w\n1,a\n2,b\n3,c\n");
        CsvTable cur = CsvTable.parse(Path.of("cur.csv"), "v,w\n,\n,\n");
        List<ColumnDrift> results = DataFileDrift.compare(ref, cur, Set.of(), DriftRule.defaults());
        assertThat(results).allSatisfy(r -> assertThat(r.verdict().sufficientData()).isFalse());
        assertThat(results.get(0).metrics().values()).allMatch(v -> v.isNaN());
    }

    @Test
    void shouldNameColumnsMissingInTheCurrentFile() {
        CsvTable ref = CsvTable.parse(Path.of("ref.csv"), "a,b,c\n1,2,3\n");
        CsvTable cur = CsvTable.parse(Path.of("cur.csv"), "a\n1\n");
        assertThatThrownBy(() -> DataFileDrift.compare(ref, cur, Set.of(), DriftRule.defaults()))
                .isInstanceOf(DataFileException.class).hasMessage("cur.csv: missing columns b, c of the reference");
        assertThatThrownBy(() -> DataFileDrift.compare(ref, ref, Set.of("zzz"), DriftRule.defaults()))
                .isInstanceOf(DataFileException.class).hasMessageContaining("'zzz'");
    }
}
