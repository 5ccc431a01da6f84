package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.serde.bench.SerdeBench;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void shouldLabelEachResultWithItsUnit() {
        assertThat(BenchCommand.Serde.unit(SerdeBench.SERDE)).isEqualTo("records/s");
        assertThat(BenchCommand.Serde.unit(SerdeBench.RATIO)).isEqualTo("ratio");
        assertThat(BenchCommand.Serde.unit(SerdeBench.CPU_RATIO)).isEqualTo("ratio");
        assertThat(BenchCommand.Serde.unit(SerdeBench.PLAIN + SerdeBench.ALLOC_SUFFIX)).isEqualTo("bytes/record");
    }

    @Test
    void shouldFormatValuesAndMissingOnes() {
        assertThat(BenchCommand.Serde.format(SerdeBench.SERDE, 1234567.8)).isEqualTo(String.format("%,.0f", 1234567.8));
        assertThat(BenchCommand.Serde.format(SerdeBench.RATIO, 0.87654)).isEqualTo(String.format("%.3f", 0.87654));
        assertThat(BenchCommand.Serde.format(SerdeBench.RATIO, Double.NaN)).isEqualTo("n/a");
    }
}
