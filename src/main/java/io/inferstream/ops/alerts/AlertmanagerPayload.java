package io.inferstream.ops.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The JSON body Prometheus Alertmanager POSTs to a webhook receiver, version 4, documented at
 * <a href="https://prometheus.io/docs/alerting/latest/configuration/#webhook_config">Alertmanager configuration,
 * {@code <webhook_config>}</a>: one notification for a group of alerts that share {@code groupLabels}, with the labels
 * and annotations all of them have in common. Inferstream speaks this format so that receivers written for
 * Alertmanager take drift alerts without an adapter.
 *
 * @param version always {@value #VERSION}
 * @param groupKey identifies the group (receivers use it to deduplicate): {@code {}:{label="value",...}} of the group
 *                 labels, in Alertmanager's form
 * @param truncatedAlerts alerts left out of this notification (always 0: Inferstream sends them all)
 * @param status {@code firing} when at least one alert fires, else {@code resolved} (as Alertmanager decides it)
 * @param receiver name of the receiver
 * @param groupLabels labels the alerts are grouped by
 * @param commonLabels labels with the same value in every alert
 * @param commonAnnotations annotations with the same value in every alert
 * @param externalURL backlink to the sender (may be empty)
 * @param alerts the alerts
 */
public record AlertmanagerPayload(String version, String groupKey, int truncatedAlerts, String status, String receiver,
        Map<String, String> groupLabels, Map<String, String> commonLabels, Map<String, String> commonAnnotations,
        String externalURL, List<AlertmanagerAlert> alerts) {

    /** The webhook payload version Alertmanager sends. */
    public static final String VERSION = "4";

    private static final ObjectMapper JSON = new ObjectMapper();

    public AlertmanagerPayload {
        groupLabels = Collections.unmodifiableMap(new TreeMap<>(groupLabels));
        commonLabels = Collections.unmodifiableMap(new TreeMap<>(commonLabels));
        commonAnnotations = Collections.unmodifiableMap(new TreeMap<>(commonAnnotations));
        alerts = List.copyOf(alerts);
    }

    /** A notification for {@code alerts}, which share {@code groupLabels}; status and common labels derived. */
    public static AlertmanagerPayload of(String receiver, String externalUrl, Map<String, String> groupLabels,
                                         List<AlertmanagerAlert> alerts) {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a notification needs at least one alert");
        }
        String status = alerts.stream().anyMatch(AlertmanagerAlert::firing) ? AlertmanagerAlert.FIRING
            : AlertmanagerAlert.RESOLVED;
        return new AlertmanagerPayload(VERSION, groupKey(groupLabels), 0, status, receiver, groupLabels,
            common(alerts.stream().map(AlertmanagerAlert::labels).toList()),
            common(alerts.stream().map(AlertmanagerAlert::annotations).toList()), externalUrl, alerts);
    }

    /** Alertmanager's group key for a route without matchers: {@code {}:{name="value", ...}}. */
    static String groupKey(Map<String, String> groupLabels) {
        return "{}:{" + new TreeMap<>(groupLabels).entrySet().stream()
            .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
            .collect(Collectors.joining(", ")) + "}";
    }

    private static Map<String, String> common(List<Map<String, String>> maps) {
        Map<String, String> common = new TreeMap<>(maps.get(0));
        for (Map<String, String> m : maps.subList(1, maps.size())) {
            common.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return common;
    }

    /** The JSON body, UTF-8. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an Alertmanager payload as JSON", e);
        }
    }
}
