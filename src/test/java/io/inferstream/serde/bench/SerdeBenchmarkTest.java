package io.inferstream.serde.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The two benchmark paths do the same work: each returns the record it was given. (Speed is for SerdeBench.) */
class SerdeBenchmarkTest {

    @Test
    void shouldRoundTripTheSameRecordOnBothPaths() throws Exception {
        SerdeBenchmark b = new SerdeBenchmark();
        b.setUp();
        try {
            assertThat(b.serdeRoundTrip()).isEqualTo(SerdeBenchmark.sampleRequest());
            assertThat(b.plainAvroRoundTrip()).isEqualTo(SerdeBenchmark.sampleRequest());
            assertThat(b.serdeRoundTrip()).isEqualTo(b.plainAvroRoundTrip());
        } finally {
            b.tearDown();
        }
    }
}
