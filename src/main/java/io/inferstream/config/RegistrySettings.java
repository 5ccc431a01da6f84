package io.inferstream.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the Schema Registry is and how serializers use it.
 *
 * @param urls         {@code registry.url}: one or more comma-separated base URLs (http, https, or {@code mock://scope}
 *                     for an in-process registry in tests); tried in order
 * @param autoRegister {@code registry.auto.register}: serializers register a record's schema when the subject
 *                     lacks it (true), or require it registered beforehand (false, the production choice)
 * @param client       {@code registry.client.*}: passed to the registry client under Confluent's property names,
 *                     e.g. {@code registry.client.basic.auth.credentials.source=USER_INFO}
 */
public record RegistrySettings(List<URI> urls, boolean autoRegister, Map<String, String> client) {

    /** Confluent's serializer property for auto-registration, as the serde reads it. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    public RegistrySettings {
        urls = List.copyOf(urls);
        client = Map.copyOf(client);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one registry URL is needed");
        }
    }

    public RegistrySettings withUrl(String url) {
        return new RegistrySettings(List.of(URI.create(url)), autoRegister, client);
    }

    /**
     * Registry client and serde properties under Confluent's names: {@code schema.registry.url},
     * {@code auto.register.schemas}, plus every {@code registry.client.*} key with that prefix removed (basic auth,
     * TLS, timeouts, retries: whatever the client understands).
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> out = new LinkedHashMap<>(client);
        out.put("schema.registry.url", urlString());
        out.put(AUTO_REGISTER_SCHEMAS, Boolean.toString(autoRegister));
        return out;
    }

    /** The URLs as the comma-separated string registry clients take. */
    public String urlString() {
        List<String> s = new ArrayList<>();
        urls.forEach(u -> s.add(u.toString()));
        return String.join(",", s);
    }

    static RegistrySettings read(ConfigReader r) {
        String value = r.nonBlank("registry.url", "http://127.0.0.1:8081");
        List<URI> urls = new ArrayList<>();
        for (String part : value.split(",")) {
            String u = part.trim();
            try {
                URI uri = new URI(u);
                String scheme = uri.getScheme();
                if (scheme == null || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("mock"))
                    || (!scheme.equals("mock") && uri.getHost() == null)) {
                    r.problem("registry.url", "expected http://host:port, https://host:port or mock://scope, got '" + u + "'");
                } else {
                    urls.add(uri);
                }
            } catch (java.net.URISyntaxException e) {
                r.problem("registry.url", "'" + u + "' is not a URL: " + e.getReason());
            }
        }
        if (urls.isEmpty()) {
            urls.add(URI.create("http://127.0.0.1:8081"));
        }
        return new RegistrySettings(urls, r.bool("registry.auto.register", true), r.remainingUnder("registry.client."));
    }
}
