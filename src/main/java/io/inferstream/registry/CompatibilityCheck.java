package io.inferstream.registry;

import java.util.List;

/**
 * Outcome of a compatibility test: what {@code POST /compatibility/subjects/{s}/versions/{v}} answers
 * ({@code is_compatible}, and with {@code ?verbose=true} the {@code messages}).
 */
public record CompatibilityCheck(boolean compatible, List<String> messages) {
    public CompatibilityCheck {
        messages = List.copyOf(messages);
    }

    public static CompatibilityCheck ok() {
        return new CompatibilityCheck(true, List.of());
    }
}
