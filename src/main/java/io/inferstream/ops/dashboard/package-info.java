/**
 * The web dashboard every instance serves at {@code /} on its {@link io.inferstream.ops.OpsHttpServer}: live
 * throughput and latency read from the instance's meter registry by the names of the metrics contract
 * ({@link io.inferstream.ops.dashboard.PipelineMeters}, shared with the demo's status line), the served models, drift
 * metrics over time and recent alerts (small read-only followers of the Kafka topics), and the static page
 * ({@code src/main/resources/io/inferstream/ops/dashboard/web}) with the uPlot chart library from its WebJar.
 */
package io.inferstream.ops.dashboard;
