/**
 * The schema registry's REST server: Confluent Schema Registry API v1 over
 * {@link io.inferstream.registry.SchemaRegistryService}, on the JDK's HTTP server. Start one with
 * {@link io.inferstream.registry.server.SchemaRegistryServer#start}.
 */
package io.inferstream.registry.server;
