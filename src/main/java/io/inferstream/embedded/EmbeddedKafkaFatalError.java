package io.inferstream.embedded;

/** Thrown where the embedded Kafka node would otherwise have ended the JVM. */
public final class EmbeddedKafkaFatalError extends Error {

    public EmbeddedKafkaFatalError(String message) {
        super(message);
    }
}
