package io.inferstream.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed reads from a {@link RawConfig}. A bad value does not throw at once: the problem is recorded (key, value,
 * origin, what was expected) and the default is used, so {@link #throwIfProblems()} can report everything at once.
 * Every key read is remembered, which is how unknown keys (typos) are found afterwards.
 */
final class ConfigReader {

    private final RawConfig raw;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> consumed = new HashSet<>();
    private final Set<String> defined = new java.util.TreeSet<>();
    private final Set<String> passthroughPrefixes = new java.util.LinkedHashSet<>();

    ConfigReader(RawConfig raw) {
        this.raw = raw;
    }

    String string(String key, String defaultValue) {
        consumed.add(key);
        defined.add(key);
        return raw.get(key).map(RawConfig.Entry::value).orElse(defaultValue);
    }

    String nonBlank(String key, String defaultValue) {
        String v = string(key, defaultValue);
        if (v == null || v.isBlank()) {
            problem(key, "must not be empty");
            return defaultValue;
        }
        return v;
    }

    int integer(String key, int defaultValue, int min, int max) {
        return parse(key, defaultValue, s -> {
            int v = Integer.parseInt(s);
            if (v < min || v > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return v;
        }, "an integer between " + min + " and " + max);
    }

    long longValue(String key, long defaultValue, long min) {
        return parse(key, defaultValue, s -> {
            long v = Long.parseLong(s);
            if (v < min) {
                throw new IllegalArgumentException("must be >= " + min);
            }
            return v;
        }, "an integer >= " + min);
    }

    double decimal(String key, double defaultValue, double min, double max) {
        return parse(key, defaultValue, s -> {
            double v = Double.parseDouble(s);
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return v;
        }, "a number between " + min + " and " + max);
    }

    java.time.Duration duration(String key, java.time.Duration defaultValue) {
        return parse(key, defaultValue, s -> {
            java.time.Duration d = Durations.parse(s);
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return d;
        }, "a duration such as 5ms, 2s or 1m");
    }

    int port(String key, int defaultValue) {
        return integer(key, defaultValue, 0, 65535);
    }

    boolean bool(String key, boolean defaultValue) {
        return parse(key, defaultValue, s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        }, "true or false");
    }

    Path path(String key, String defaultValue) {
        String v = nonBlank(key, defaultValue);
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            problem(key, "is not a valid path: " + e.getMessage());
            return Path.of(defaultValue);
        }
    }

    <T extends Enum<T>> T enumValue(String key, T defaultValue, Function<String, T> parser, String expected) {
        return parse(key, defaultValue, parser, expected);
    }

    private <T> T parse(String key, T defaultValue, Function<String, T> parser, String expected) {
        consumed.add(key);
        defined.add(key);
        var entry = raw.get(key);
        if (entry.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(entry.get().value());
        } catch (RuntimeException e) {
            problem(key, "expected " + expected + ", got '" + entry.get().value() + "'");
            return defaultValue;
        }
    }

    /** Every key under {@code prefix} (prefix removed) not read individually: the passthrough set. */
    Map<String, String> remainingUnder(String prefix) {
        passthroughPrefixes.add(prefix);
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : raw.keys()) {
            if (key.startsWith(prefix) && !consumed.contains(key) && key.length() > prefix.length()) {
                consumed.add(key);
                out.put(key.substring(prefix.length()), raw.get(key).orElseThrow().value());
            }
        }
        return out;
    }

    /** Keys that appear in the config but nobody read. */
    List<String> unconsumedKeys() {
        List<String> out = new ArrayList<>();
        for (String key : raw.keys()) {
            if (!consumed.contains(key)) {
                out.add(key);
            }
        }
        return out;
    }

    /** Every key Inferstream reads itself (whether set or not). */
    Set<String> definedKeys() {
        return java.util.Collections.unmodifiableSet(defined);
    }

    /** Prefixes whose keys pass through to Kafka, the registry client or topic configs. */
    Set<String> passthroughPrefixes() {
        return java.util.Collections.unmodifiableSet(passthroughPrefixes);
    }

    Set<String> keys() {
        return raw.keys();
    }

    void markConsumed(String key) {
        consumed.add(key);
    }

    /** Records a problem for {@code key}, naming where its value came from. */
    void problem(String key, String message) {
        String origin = raw.get(key).map(e -> " (from " + e.origin() + ")").orElse("");
        problems.add(key + ": " + message + origin);
    }

    void problem(String message) {
        problems.add(message);
    }

    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
