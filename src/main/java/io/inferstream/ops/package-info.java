/**
 * Inferstream's own HTTP endpoint: {@link io.inferstream.ops.OpsHttpServer}, a small router on the JDK's HTTP server
 * that interactive queries (and later health, metrics and the dashboard) register their routes on, and
 * {@link io.inferstream.ops.HttpForwarder}, which passes a request on to the instance that can answer it.
 */
package io.inferstream.ops;
