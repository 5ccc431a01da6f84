package io.inferstream.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads the configuration in layers, later ones winning:
 * <ol>
 *   <li>built-in defaults (the embedded demo on loopback);</li>
 *   <li>a {@code .properties} file, if given;</li>
 *   <li>environment variables {@code INFERSTREAM_*};</li>
 *   <li>{@code --set key=value} from the command line.</li>
 * </ol>
 *
 * <p>Environment variable naming: drop the {@code INFERSTREAM_} prefix, lower-case the rest, then {@code __}
 * (two underscores) becomes {@code -} and {@code _} becomes {@code .}. So
 * {@code INFERSTREAM_KAFKA_BOOTSTRAP_SERVERS} sets {@code kafka.bootstrap.servers} and
 * {@code INFERSTREAM_TOPICS_INFERENCE__REQUESTS_PARTITIONS} sets {@code topics.inference-requests.partitions}.
 * {@link #RESERVED_ENV} (read by the launcher and logging, not config) are skipped.
 */
public final class ConfigLoader {

    public static final String ENV_PREFIX = "INFERSTREAM_";
    /** Environment variables with the prefix that are not configuration keys. */
    public static final Set<String> RESERVED_ENV = Set.of("INFERSTREAM_LOG_LEVEL");

    private ConfigLoader() {
    }

    /** Loads and validates; throws {@link ConfigException} on any problem. */
    public static InferstreamConfig load(Optional<Path> file, Map<String, String> env, List<String> sets) {
        return InferstreamConfig.from(raw(file, env, sets));
    }

    /** The merged flat keys, before typing. */
    public static RawConfig raw(Optional<Path> file, Map<String, String> env, List<String> sets) {
        RawConfig raw = new RawConfig();
        file.ifPresent(f -> readFile(f, raw));
        // Sorted so that the origin recorded for a key is deterministic.
        new TreeMap<>(env).forEach((name, value) ->
            envToKey(name).ifPresent(key -> raw.put(key, value, "env " + name)));
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set expects key=value, got '" + set + "'");
            }
            raw.put(set.substring(0, eq), set.substring(eq + 1), "--set " + set.substring(0, eq).trim());
        }
        return raw;
    }

    /** The config key an environment variable sets, or empty if it is not an Inferstream config variable. */
    public static Optional<String> envToKey(String envName) {
        if (!envName.startsWith(ENV_PREFIX) || RESERVED_ENV.contains(envName) || envName.length() == ENV_PREFIX.length()) {
            return Optional.empty();
        }
        String rest = envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        return Optional.of(rest.replace("__", "\u0000").replace('_', '.').replace('\u0000', '-'));
    }

    /** The environment variable that sets a key (inverse of {@link #envToKey}); keys with '_' have none. */
    public static Optional<String> keyToEnv(String key) {
        if (key.contains("_")) {
            return Optional.empty();
        }
        return Optional.of(ENV_PREFIX + key.replace("-", "__").replace('.', '_').toUpperCase(Locale.ROOT));
    }

    private static void readFile(Path file, RawConfig raw) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist or is not a file");
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        new TreeMap<>(props).forEach((k, v) -> raw.put(k.toString(), v.toString(), file.toString()));
    }
}
