package io.inferstream.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Set;

/**
 * The application's own HTTP endpoint: interactive queries, and later health, metrics and the dashboard. Other
 * instances reach it at the advertised address, which Kafka Streams carries in its metadata
 * ({@code application.server}) so a query for a key another instance owns can be forwarded there.
 *
 * @param host           {@code http.host}: loopback by default; 0.0.0.0 in a container
 * @param port           {@code http.port} (0: any free port; the bound one is then advertised)
 * @param advertisedHost {@code http.advertised.host}: host name other instances use to reach this one; empty to
 *                       derive it ({@link #advertisedHostName()})
 */
public record HttpSettings(String host, int port, String advertisedHost) {

    /** Addresses that mean "every interface": listening there is fine, advertising them is useless. */
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
    }

    /** Listening on {@code host:port}, advertising the derived host. */
    public HttpSettings(String host, int port) {
        this(host, port, "");
    }

    /** Same settings on another port: the one actually bound when {@code http.port} is 0. */
    public HttpSettings withPort(int boundPort) {
        return new HttpSettings(host, boundPort, advertisedHost);
    }

    /**
     * The host other instances reach this one at: {@code http.advertised.host} when set, else {@code http.host},
     * except that a wildcard {@code http.host} (0.0.0.0, ::) is replaced by this machine's host name.
     *
     * @throws ConfigException when the host name is needed but does not resolve (set {@code http.advertised.host})
     */
    public String advertisedHostName() {
        if (!advertisedHost.isEmpty()) {
            return advertisedHost;
        }
        if (!WILDCARDS.contains(host)) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new ConfigException("http.advertised.host: http.host is " + host + " and this machine's host name does"
                + " not resolve (" + e.getMessage() + "); set http.advertised.host to the name other instances use");
        }
    }

    /**
     * Kafka Streams' {@code application.server} for this instance ({@code host:port}, IPv6 literals bracketed), with
     * the port the server actually bound.
     */
    public String applicationServer(int boundPort) {
        String h = advertisedHostName();
        return (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + boundPort;
    }

    /** {@link #applicationServer(int)} with the configured port (known before binding only when it is not 0). */
    public String applicationServer() {
        return applicationServer(port);
    }

    static HttpSettings read(ConfigReader r) {
        String host = r.nonBlank("http.host", "127.0.0.1");
        int port = r.port("http.port", 8080);
        String advertised = r.string("http.advertised.host", "").trim();
        if (advertised.chars().anyMatch(Character::isWhitespace) || advertised.contains("/")) {
            r.problem("http.advertised.host", "expected a host name or address, got '" + advertised + "'");
            advertised = "";
        } else if (WILDCARDS.contains(advertised)) {
            r.problem("http.advertised.host", "must be an address other instances can reach, not the wildcard " + advertised);
            advertised = "";
        }
        return new HttpSettings(host, port, advertised);
    }
}
