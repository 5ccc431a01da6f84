/**
 * Inferstream's own HTTP endpoint: {@link io.inferstream.ops.OpsHttpServer}, a small router on the JDK's HTTP server
 * that interactive queries, metrics, health and the dashboard register their routes on, and
 * {@link io.inferstream.ops.HttpForwarder}, which passes a request on to the instance that can answer it.
 * {@link io.inferstream.ops.MetricsEndpoint} serves the instance's meter registry at {@code /metrics};
 * {@link io.inferstream.ops.HealthEndpoints} answers {@code /health/live} and {@code /health/ready} from the
 * topologies' {@link io.inferstream.ops.ReadinessCheck}s ({@link io.inferstream.ops.StreamsReadiness} for a Kafka
 * Streams client); {@link io.inferstream.ops.DriftGauges} turns drift metrics and alerts into gauges.
 */
package io.inferstream.ops;
