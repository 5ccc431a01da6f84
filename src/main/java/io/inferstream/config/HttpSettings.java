package io.inferstream.config;

import java.util.Objects;

/**
 * The application's own HTTP endpoint (health, metrics, interactive queries; added by later issues).
 *
 * @param host {@code http.host}: loopback by default; 0.0.0.0 in a container
 * @param port {@code http.port}
 */
public record HttpSettings(String host, int port) {

    public HttpSettings {
        Objects.requireNonNull(host, "host");
    }

    static HttpSettings read(ConfigReader r) {
        return new HttpSettings(r.nonBlank("http.host", "127.0.0.1"), r.port("http.port", 8080));
    }
}
