package io.inferstream.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Flat key/value configuration before typing, remembering where each value came from (a file, an environment
 * variable, {@code --set}, or the built-in default) so validation errors can point at the right place.
 * Later {@link #put puts} win: the loader applies file, then environment, then command line.
 */
public final class RawConfig {

    /** One value and its origin, e.g. {@code env INFERSTREAM_KAFKA_BOOTSTRAP_SERVERS}. */
    public record Entry(String value, String origin) {
        public Entry {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(origin, "origin");
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public RawConfig put(String key, String value, String origin) {
        entries.put(Objects.requireNonNull(key, "key").trim(), new Entry(value.trim(), origin));
        return this;
    }

    public RawConfig putAll(RawConfig other) {
        entries.putAll(other.entries);
        return this;
    }

    public Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** Just the values, for passing on. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        entries.forEach((k, e) -> values.put(k, e.value()));
        return values;
    }

    /** A copy: callers can layer overrides without touching this one. */
    public RawConfig copy() {
        return new RawConfig().putAll(this);
    }
}
