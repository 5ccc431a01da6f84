package io.inferstream.ops.alerts;

import static io.inferstream.ops.alerts.DriftAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.Severity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftAlertMapperTest {

    private static final Instant T = Instant.parse("2026-11-28T16:05:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DriftAlertMapper mapper = new DriftAlertMapper(DriftAlertMapper.DEFAULT_ALERT_NAME, "inferstream",
        "http://dashboards.example/drift");

    @Test
    void shouldMapAFiringAlertToAlertmanagerLabelsAnnotationsAndZeroEndTime() {
        AlertmanagerAlert a = mapper.alert(alert("ctr", "mobile", Severity.WARNING, AlertStatus.FIRING, T), T);

        assertThat(a.status()).isEqualTo("firing");
        assertThat(a.labels()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
            "alertname", "InferstreamDrift", "model", "ctr", "version", "2", "feature", "age", "segment", "mobile",
            "metric", "psi", "severity", "warning")));
        assertThat(a.annotations()).containsEntry("value", "0.153").containsEntry("threshold", "0.1")
            .containsEntry("alert_id", "ctr/2/age/mobile/psi")
            .containsEntry("description", "psi 0.153 over 0.1 for 2 windows")
            .containsEntry("window_start", "2026-11-28T16:00:00Z").containsEntry("window_end", "2026-11-28T16:05:00Z");
        assertThat(a.annotations().get("summary")).isEqualTo("WARNING psi of ctr v2 age segment mobile = 0.153 (threshold 0.1)");
        assertThat(a.startsAt()).isEqualTo("2026-11-28T16:05:00Z");
        assertThat(a.endsAt()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(a.generatorURL()).isEqualTo("http://dashboards.example/drift");
    }

    @Test
    void shouldMapAResolvedAlertWithTheEpisodeStartAndItsOwnTimeAsEnd() {
        Instant started = T.minusSeconds(900);
        AlertmanagerAlert a = mapper.alert(alert("ctr", null, Severity.CRITICAL, AlertStatus.RESOLVED, T), started);

        assertThat(a.status()).isEqualTo("resolved");
        assertThat(a.startsAt()).isEqualTo("2026-11-28T15:50:00Z");
        assertThat(a.endsAt()).isEqualTo("2026-11-28T16:05:00Z");
        assertThat(a.labels()).doesNotContainKey("segment").containsEntry("severity", "critical");
        assertThat(a.annotations().get("summary")).startsWith("resolved: CRITICAL psi of ctr v2 age = ");
        // Without a message the description repeats the summary rather than being empty.
        assertThat(a.annotations().get("description")).isEqualTo(a.annotations().get("summary"));
    }

    @Test
    void shouldWriteTimesAsRfc3339InUtcKeepingMilliseconds() {
        Instant withMillis = Instant.parse("2026-11-28T16:05:00.250Z");
        AlertmanagerAlert a = mapper.alert(alert("ctr", null, Severity.WARNING, AlertStatus.RESOLVED, withMillis), withMillis);
        assertThat(a.endsAt()).isEqualTo("2026-11-28T16:05:00.250Z");
        assertThat(OffsetDateTime.parse(a.startsAt()).toInstant()).isEqualTo(withMillis);
    }

    @Test
    void shouldNeverStartAfterTheChangeItself() {
        AlertmanagerAlert a = mapper.alert(alert("ctr", null, Severity.WARNING, AlertStatus.FIRING, T), T.plusSeconds(60));
        assertThat(a.startsAt()).isEqualTo("2026-11-28T16:05:00Z");
    }

    @Test
    void shouldKeepOneFingerprintPerAlertIdAcrossSeverityAndStatus() {
        String firing = mapper.alert(alert("ctr", "mobile", Severity.WARNING, AlertStatus.FIRING, T), T).fingerprint();
        String escalated = mapper.alert(alert("ctr", "mobile", Severity.CRITICAL, AlertStatus.FIRING, T.plusSeconds(300)), T)
            .fingerprint();
        String resolved = mapper.alert(alert("ctr", "mobile", Severity.CRITICAL, AlertStatus.RESOLVED, T.plusSeconds(900)), T)
            .fingerprint();
        String other = mapper.alert(alert("ctr", "desktop", Severity.WARNING, AlertStatus.FIRING, T), T).fingerprint();

        assertThat(firing).matches("[0-9a-f]{16}").isEqualTo(escalated).isEqualTo(resolved).isNotEqualTo(other);
        assertThat(DriftAlertMapper.fingerprint("ctr/2/age/mobile/psi")).isEqualTo(firing);
        // FNV-1a 64 reference values: the offset basis for "" and the published value for "a".
        assertThat(DriftAlertMapper.fingerprint("")).isEqualTo("cbf29ce484222325");
        assertThat(DriftAlertMapper.fingerprint("a")).isEqualTo("af63dc4c8601ec8c");
    }

    @Test
    void shouldGroupNotificationsPerModelWithStatusAndCommonLabels() {
        AlertmanagerAlert ctrFiring = mapper.alert(alert("ctr", "mobile", Severity.WARNING, AlertStatus.FIRING, T), T);
        AlertmanagerAlert ctrResolved = mapper.alert(alert("ctr", "desktop", Severity.WARNING, AlertStatus.RESOLVED, T), T);
        AlertmanagerAlert fraudResolved = mapper.alert(alert("fraud", null, Severity.CRITICAL, AlertStatus.RESOLVED, T), T);

        List<AlertmanagerPayload> out = mapper.notifications(List.of(ctrFiring, fraudResolved, ctrResolved));

        assertThat(out).hasSize(2);
        AlertmanagerPayload ctr = out.get(0);
        assertThat(ctr.version()).isEqualTo("4");
        assertThat(ctr.status()).isEqualTo("firing");
        assertThat(ctr.receiver()).isEqualTo("inferstream");
        assertThat(ctr.externalURL()).isEqualTo("http://dashboards.example/drift");
        assertThat(ctr.truncatedAlerts()).isZero();
        assertThat(ctr.groupLabels()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("alertname", "InferstreamDrift", "model", "ctr")));
        assertThat(ctr.groupKey()).isEqualTo("{}:{alertname=\"InferstreamDrift\", model=\"ctr\"}");
        assertThat(ctr.alerts()).containsExactly(ctrFiring, ctrResolved);
        assertThat(ctr.commonLabels()).containsEntry("model", "ctr").containsEntry("severity", "warning")
            .doesNotContainKey("segment");
        assertThat(ctr.commonAnnotations()).containsEntry("threshold", "0.1").doesNotContainKey("alert_id");
        AlertmanagerPayload fraud = out.get(1);
        assertThat(fraud.status()).isEqualTo("resolved");
        assertThat(fraud.alerts()).containsExactly(fraudResolved);
    }

    @Test
    void shouldSendOnlyTheLatestStateOfAnAlertThatChangedTwiceInOneBatch() {
        AlertmanagerAlert firing = mapper.alert(alert("ctr", null, Severity.WARNING, AlertStatus.FIRING, T), T);
        AlertmanagerAlert resolved = mapper.alert(alert("ctr", null, Severity.WARNING, AlertStatus.RESOLVED, T.plusSeconds(900)), T);

        List<AlertmanagerPayload> out = mapper.notifications(List.of(firing, resolved));

        assertThat(out).singleElement().satisfies(p -> {
            assertThat(p.alerts()).containsExactly(resolved);
            assertThat(p.status()).isEqualTo("resolved");
        });
    }

    @Test
    void shouldWriteTheWebhookJsonWithAlertmanagerFieldNames() throws Exception {
        DriftAlert record = alert("ctr", "mobile", Severity.WARNING, AlertStatus.FIRING, T);
        byte[] body = mapper.notifications(List.of(mapper.alert(record, T))).get(0).toJson();

        JsonNode json = JSON.readTree(body);
        assertThat(fieldNames(json)).containsExactly("version", "groupKey", "truncatedAlerts", "status", "receiver",
            "groupLabels", "commonLabels", "commonAnnotations", "externalURL", "alerts");
        assertThat(json.get("version").asText()).isEqualTo("4");
        JsonNode a = json.get("alerts").get(0);
        assertThat(fieldNames(a)).containsExactly("status", "labels", "annotations", "startsAt", "endsAt", "generatorURL",
            "fingerprint");
        assertThat(a.get("labels").get("alertname").asText()).isEqualTo("InferstreamDrift");
        assertThat(a.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(json.get("truncatedAlerts").asInt()).isZero();
    }

    @Test
    void shouldRefuseEmptyNotificationsAndBlankAlertNames() {
        assertThatThrownBy(() -> AlertmanagerPayload.of("r", "", Map.of(), List.of()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(mapper.notifications(List.of())).isEmpty();
        assertThatThrownBy(() -> new DriftAlertMapper(" ", "r", ""))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alert name");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
