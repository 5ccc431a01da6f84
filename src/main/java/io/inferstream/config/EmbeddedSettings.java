package io.inferstream.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The single-node Kafka and Schema Registry that {@code inferstream demo} starts in-process.
 * A port of 0 picks a free one (tests); the demo prints what it got.
 *
 * @param host           {@code embedded.host}: address both listen on (loopback by default)
 * @param brokerPort     {@code embedded.broker.port}: Kafka client listener
 * @param controllerPort {@code embedded.controller.port}: KRaft controller listener
 * @param dataDir        {@code embedded.data.dir}: Kafka log dir; kept between runs so the demo resumes
 * @param registryPort   {@code embedded.registry.port}: Schema Registry HTTP port
 */
public record EmbeddedSettings(String host, int brokerPort, int controllerPort, Path dataDir, int registryPort) {

    public EmbeddedSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    static EmbeddedSettings read(ConfigReader r) {
        String host = r.nonBlank("embedded.host", "127.0.0.1");
        int broker = r.port("embedded.broker.port", 9092);
        int controller = r.port("embedded.controller.port", 9093);
        Path dir = r.path("embedded.data.dir", "./.inferstream/demo-data");
        int registry = r.port("embedded.registry.port", 8081);
        checkDistinct(r, "embedded.broker.port", broker, "embedded.controller.port", controller);
        checkDistinct(r, "embedded.broker.port", broker, "embedded.registry.port", registry);
        checkDistinct(r, "embedded.controller.port", controller, "embedded.registry.port", registry);
        return new EmbeddedSettings(host, broker, controller, dir, registry);
    }

    private static void checkDistinct(ConfigReader r, String k1, int p1, String k2, int p2) {
        if (p1 != 0 && p1 == p2) {
            r.problem(k2, "port " + p2 + " is also " + k1 + "; each embedded server needs its own port");
        }
    }
}
