/**
 * Delivering drift alerts to people: {@link io.inferstream.ops.alerts.DriftAlertMapper} turns
 * {@link io.inferstream.avro.DriftAlert} records into Prometheus Alertmanager's webhook payload
 * ({@link io.inferstream.ops.alerts.AlertmanagerPayload}), so any receiver written for Alertmanager (chat bridges,
 * paging tools, Alertmanager-compatible incident systems) takes Inferstream's alerts unchanged;
 * {@link io.inferstream.ops.alerts.WebhookSender} POSTs them with retries; {@link io.inferstream.ops.alerts.OpenAlerts}
 * is the table of alerts currently firing. {@code inferstream alerts} (app.AlertsCommand) wires them to the
 * {@code model-drift-alerts} topic.
 */
package io.inferstream.ops.alerts;
