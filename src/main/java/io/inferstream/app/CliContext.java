package io.inferstream.app;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What commands take from the process: the environment (config overrides), standard input ({@code produce}) and
 * the topologies to run. Tests pass their own instead of touching the real process.
 *
 * @param env        environment variables, read for {@code INFERSTREAM_*} overrides
 * @param stdin      standard input
 * @param topologies the topology factories {@code run}, {@code demo} and {@code describe} use
 */
public record CliContext(Map<String, String> env, InputStream stdin, Supplier<List<TopologyFactory>> topologies) {

    public CliContext {
        env = Map.copyOf(env);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(topologies, "topologies");
    }

    /** The real process: System.getenv(), System.in and the topologies found on the class path. */
    public static CliContext system() {
        return new CliContext(System.getenv(), System.in, Topologies::discover);
    }
}
