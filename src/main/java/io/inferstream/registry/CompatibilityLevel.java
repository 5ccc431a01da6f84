package io.inferstream.registry;

/** Confluent's compatibility levels. BACKWARD is the registry's default. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE
}
