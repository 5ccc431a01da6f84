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

        assertThat(JoinInput.batchToBytes(batch)).isEqualTo(reference(batch));
        assertThat(JoinInput.batchToBytes(List.of())).isEqualTo(reference(List.of()));
        assertThat(JoinInput.batchFromBytes(JoinInput.batchToBytes(batch)).get(0)).isEqualTo(batch.get(0));
    }

    /** The batch format spelled out: count, then per entry the id's UTF-8 bytes and the entry's toBytes, each length-prefixed. */
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
