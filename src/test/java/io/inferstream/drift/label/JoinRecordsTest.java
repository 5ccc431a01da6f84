package io.inferstream.drift.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.config.ConfigLoader;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.LabelSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The label join's records on their repartition topics, and the label settings. */
class JoinRecordsTest {

    @Test
    void shouldRoundTripPredictionsLabelsAndLabelledResults() {
        JoinInput p = new JoinInput.Prediction("ctr", 2, 0.25, 1_234);
        JoinInput f = new JoinInput.Feedback(1.0, 5_678, "user-events");
        assertThat(JoinInput.fromBytes(JoinInput.toBytes(p))).isEqualTo(p);
        assertThat(JoinInput.fromBytes(JoinInput.toBytes(f))).isEqualTo(f);
        LabelledResult r = new LabelledResult("ctr", 2, 0.25, 1, 1_234);
        assertThat(LabelledResult.fromBytes(r.toBytes())).isEqualTo(r);
        assertThat(LabelledResult.batchFromBytes(LabelledResult.batchToBytes(List.of(r, r)))).containsExactly(r, r);
        assertThatThrownBy(() -> LabelledResult.batchFromBytes(new byte[] {0, 0, 0, 2, 0, 0, 0, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThat(r.error()).isEqualTo(0.75);
        assertThat(r.versionKey()).isEqualTo("ctr/2");
    }

    @Test
    void shouldRoundTripABatchAndPutARequestsResultAndLabelInOneBucket() {
        List<JoinInput.Entry> batch = List.of(new JoinInput.Entry("r1", new JoinInput.Prediction("ctr", 2, 0.25, 1_234)),
            new JoinInput.Entry("r2", new JoinInput.Feedback(0.0, 99, "labels")));
        assertThat(JoinInput.batchFromBytes(JoinInput.batchToBytes(batch))).isEqualTo(batch);
        assertThat(JoinInput.batchFromBytes(JoinInput.batchToBytes(List.of()))).isEmpty();
        byte[] bytes = JoinInput.batchToBytes(batch);
        assertThatThrownBy(() -> JoinInput.batchFromBytes(Arrays.copyOf(bytes, bytes.length - 3))).isInstanceOf(IllegalArgumentException.class);
        assertThat(JoinInput.bucket("r1")).isEqualTo(JoinInput.bucket("r1")).startsWith("j");
        java.util.Set<String> buckets = new java.util.HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            buckets.add(JoinInput.bucket("demo-" + i));
        }
        assertThat(buckets).hasSize(JoinInput.BUCKETS);
    }

    @Test
    void shouldWriteABatchAsLengthPrefixedIdsAndRecordsWhateverTheCharacters() {
        List<JoinInput.Entry> batch = List.of(new JoinInput.Entry("r-\u00e9\u65e5\ud83d\ude00", new JoinInput.Prediction("m\u00f6del", 3, 0.5, 7)),
            new JoinInput.Entry("lone-\ud800-x-\udc00", new JoinInput.Feedback(1.0, 8, "s\u00fcrce\ud83d")),
            new JoinInput.Entry("", new JoinInput.Prediction("", 0, 0, 0)));

        assertThat(JoinInput.fixedWidthBatchToBytes(batch)).isEqualTo(reference(batch));
        assertThat(JoinInput.fixedWidthBatchToBytes(List.of())).isEqualTo(reference(List.of()));
        // Both formats carry the strings as UTF-8, a lone surrogate as '?' (so only the well-formed entries round-trip).
        assertThat(JoinInput.batchFromBytes(JoinInput.fixedWidthBatchToBytes(batch))).element(0).isEqualTo(batch.get(0));
        List<JoinInput.Entry> compact = JoinInput.batchFromBytes(JoinInput.batchToBytes(batch));
        assertThat(compact).element(0).isEqualTo(batch.get(0));
        assertThat(compact).element(2).isEqualTo(batch.get(2));
        assertThat(compact.get(1).requestId()).isEqualTo("lone-?-x-?");
    }

    @Test
    void shouldReadBatchesWrittenInTheEarlierFixedWidthFormats() {
        List<JoinInput.Entry> batch = List.of(new JoinInput.Entry("r1", new JoinInput.Prediction("ctr", 2, 0.1, 1_234)),
            new JoinInput.Entry("r2", new JoinInput.Feedback(0.5, 99, "labels")));
        assertThat(JoinInput.batchFromBytes(JoinInput.fixedWidthBatchToBytes(batch))).isEqualTo(batch);
        assertThat(JoinInput.batchFromBytes(JoinInput.fixedWidthBatchToBytes(List.of()))).isEmpty();
        List<LabelledResult> results = List.of(new LabelledResult("ctr", 2, 0.1, 1, 5), new LabelledResult("m", 7, 0.25, 0.5, -3));
        assertThat(LabelledResult.batchFromBytes(LabelledResult.fixedWidthBatchToBytes(results))).isEqualTo(results);
    }

    @Test
    void shouldWriteAPredictionInAboutTwentyBytesAndALabelledResultInAboutTen() {
        List<JoinInput.Entry> predictions = new java.util.ArrayList<>();
        List<LabelledResult> labelled = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            float score = i / 64f;
            predictions.add(new JoinInput.Entry("bench-" + (10_000 + i), new JoinInput.Prediction(i % 8 == 0 ? "ctr-canary" : "ctr", 3, score,
                1_700_000_000_000L + i * 3)));
            labelled.add(new LabelledResult("ctr", 3, score, i % 5 == 0 ? 1 : 0, 1_700_000_000_000L + i * 3));
        }
        byte[] compact = JoinInput.batchToBytes(predictions);
        // an 11-character id (12 bytes with its length), kind, model index, version, float score, time difference
        assertThat(compact.length).isLessThanOrEqualTo(40 + 64 * 21).isLessThan(JoinInput.fixedWidthBatchToBytes(predictions).length / 2);
        assertThat(JoinInput.batchFromBytes(compact)).isEqualTo(predictions);
        byte[] results = LabelledResult.batchToBytes(labelled);
        assertThat(results.length).isLessThanOrEqualTo(20 + 64 * 10);
        assertThat(LabelledResult.batchFromBytes(results)).isEqualTo(labelled);
    }

    @Test
    void shouldKeepScoresAndLabelsThatAreNotFloatsExactly() {
        List<JoinInput.Entry> batch = List.of(new JoinInput.Entry("a", new JoinInput.Prediction("ctr", Long.MAX_VALUE, 0.1, Long.MIN_VALUE + 5)),
            new JoinInput.Entry("b", new JoinInput.Feedback(0.3, Long.MAX_VALUE, "labels")),
            new JoinInput.Entry("c", new JoinInput.Feedback(1, 0, "user-events")),
            new JoinInput.Entry("d", new JoinInput.Prediction("ctr", -1, 1e-300, 7)));
        assertThat(JoinInput.batchFromBytes(JoinInput.batchToBytes(batch))).isEqualTo(batch);
        List<LabelledResult> labelled = List.of(new LabelledResult("ctr", 2, 0.1, 0.3, Long.MAX_VALUE),
            new LabelledResult("ctr", 2, 0.5, 0, Long.MIN_VALUE), new LabelledResult("x", 0, 1e-9, 1, 0));
        assertThat(LabelledResult.batchFromBytes(LabelledResult.batchToBytes(labelled))).isEqualTo(labelled);
        assertThat(LabelledResult.batchFromBytes(LabelledResult.batchToBytes(List.of()))).isEmpty();
    }

    @Test
    void shouldRefuseMalformedCompactBatches() {
        byte[] batch = JoinInput.batchToBytes(List.of(new JoinInput.Entry("r1", new JoinInput.Prediction("ctr", 2, 0.25, 1_234))));
        assertThatThrownBy(() -> JoinInput.batchFromBytes(Arrays.copyOf(batch, batch.length - 1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label-join batch");
        byte[] trailing = Arrays.copyOf(batch, batch.length + 1);
        assertThatThrownBy(() -> JoinInput.batchFromBytes(trailing)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("trailing");
        // format, 1 entry, table of 1 ("ctr"), base time 0, id "r", then an unknown kind 9
        byte[] unknownKind = {CompactBatch.FORMAT, 1, 1, 3, 'c', 't', 'r', 0, 1, 'r', 9};
        assertThatThrownBy(() -> JoinInput.batchFromBytes(unknownKind)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown entry kind 9");
        // a prediction naming string 5 of a table of 1
        byte[] badIndex = {CompactBatch.FORMAT, 1, 1, 3, 'c', 't', 'r', 0, 1, 'r', JoinInput.KIND_FLOAT_SCORE, 5};
        assertThatThrownBy(() -> JoinInput.batchFromBytes(badIndex)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("string index 5");
        byte[] hugeCount = {CompactBatch.FORMAT, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        assertThatThrownBy(() -> JoinInput.batchFromBytes(hugeCount)).isInstanceOf(IllegalArgumentException.class);
        byte[] results = LabelledResult.batchToBytes(List.of(new LabelledResult("ctr", 2, 0.25, 1, 5)));
        assertThatThrownBy(() -> LabelledResult.batchFromBytes(Arrays.copyOf(results, results.length - 2)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labelled results");
        byte[] badFlags = results.clone();
        badFlags[1 + 1 + 1 + 1 + 3 + 1] = (byte) 0x80; // format, count, table size, length, "ctr", base time: then the flags
        assertThatThrownBy(() -> LabelledResult.batchFromBytes(badFlags)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bad flags");
    }

    /** The fixed-width batch format spelled out: count, then per entry the id's UTF-8 bytes and the entry's toBytes, each length-prefixed. */
    private static byte[] reference(List<JoinInput.Entry> entries) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(entries.size()).array());
        for (JoinInput.Entry e : entries) {
            byte[] id = e.requestId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] in = JoinInput.toBytes(e.input());
            out.writeBytes(java.nio.ByteBuffer.allocate(8 + id.length + in.length).putInt(id.length).put(id).putInt(in.length).put(in)
                .array());
        }
        return out.toByteArray();
    }

    @Test
    void shouldRefuseTruncatedOrForeignBytes() {
        byte[] p = JoinInput.toBytes(new JoinInput.Prediction("ctr", 2, 0.25, 1_234));
        assertThatThrownBy(() -> JoinInput.fromBytes(Arrays.copyOf(p, p.length - 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JoinInput.fromBytes(new byte[] {'X', 1})).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown");
        assertThatThrownBy(() -> JoinInput.fromBytes(new byte[] {'P', 127, 0, 0, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelledResult.fromBytes(new byte[] {0, 0, 0, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JoinInput.fromBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadLabelSettingsWithTheirDefaults() {
        LabelSettings d = LabelSettings.defaults();
        assertThat(d.userEvents()).isTrue();
        assertThat(d.labelsTopic()).isTrue();
        assertThat(d.window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.output()).isEqualTo("probability");
        assertThat(d.minSamples()).isEqualTo(200);
        assertThat(d.adwin() && d.pageHinkley()).isTrue();

        InferstreamConfig c = ConfigLoader.load(Optional.empty(), Map.of(), List.of("drift.label.sources=labels", "drift.label.window=30s",
            "drift.label.detectors=adwin", "drift.label.output=score"));
        LabelSettings l = c.drift().labels();
        assertThat(l.userEvents()).isFalse();
        assertThat(l.labelsTopic()).isTrue();
        assertThat(l.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(l.pageHinkley()).isFalse();
        assertThat(l.output()).isEqualTo("score");
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), List.of("drift.label.sources=")).drift().labels().enabled()).isFalse();
    }

    @Test
    void shouldRefuseAnUnknownLabelSourceOrDetector() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("drift.label.sources=clicks")))
            .hasMessageContaining("drift.label.sources").hasMessageContaining("clicks");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("drift.label.detectors=ddm")))
            .hasMessageContaining("drift.label.detectors");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("drift.label.window=0s")))
            .hasMessageContaining("drift.label.window");
    }
}
