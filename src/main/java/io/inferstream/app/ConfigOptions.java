package io.inferstream.app;

import io.inferstream.config.ConfigLoader;
import io.inferstream.config.InferstreamConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --set}, shared by every command that needs the configuration. */
public final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
        description = "Properties file (see config/embedded.properties, config/production.properties). "
            + "Without it the built-in defaults (the embedded demo on 127.0.0.1) apply.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "Override one config key; repeatable. Wins over the file and INFERSTREAM_* environment variables.")
    List<String> sets = new ArrayList<>();

    public Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    /** Loads file, environment and --set, validated; a {@link io.inferstream.config.ConfigException} otherwise. */
    public InferstreamConfig load(Map<String, String> env) {
        return ConfigLoader.load(configFile(), env, sets);
    }
}
