package io.inferstream.config;

import java.util.Locale;

/** Kafka's {@code cleanup.policy}: compacted topics keep each key's latest value (state), others expire by time. */
public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact"),
    COMPACT_DELETE("compact,delete");

    private final String kafkaValue;

    CleanupPolicy(String kafkaValue) {
        this.kafkaValue = kafkaValue;
    }

    /** The value Kafka's topic config expects. */
    public String kafkaValue() {
        return kafkaValue;
    }

    public static CleanupPolicy parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        for (CleanupPolicy p : values()) {
            if (p.kafkaValue.equals(t)) {
                return p;
            }
        }
        if (t.equals("delete,compact")) {
            return COMPACT_DELETE;
        }
        throw new IllegalArgumentException("unknown cleanup policy " + text);
    }
}
