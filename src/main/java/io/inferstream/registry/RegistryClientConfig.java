package io.inferstream.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach a schema registry: base URLs (tried in turn), basic auth, TLS, timeouts, retries and cache size.
 * Read from Confluent's property names with {@link #fromProperties(Map)} so existing client configs work as they are.
 *
 * @param urls             base URLs ({@code http://}, {@code https://} or one {@code mock://scope}); user-info is
 *                         stripped from them (see {@link #fromProperties} for {@code basic.auth.credentials.source=URL})
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
 * @param tls              TLS settings for https URLs, or null for the JDK defaults
 * @param connectTimeout   TCP connect timeout per attempt
 * @param requestTimeout   time for one HTTP exchange
 * @param maxAttempts      total tries of one request (1 = no retry); retried on 5xx and connection errors only
 * @param retryBackoff     wait before the second try; doubled for each further try
 * @param maxRetryBackoff  cap on one wait
 * @param maxRetryTime     no new try starts once this much time has passed since the first one
 * @param cacheCapacity    entries per client cache (id to schema, subject+schema to id, subject+schema to version)
 */
public record RegistryClientConfig(
        List<URI> urls,
        String basicAuthUserInfo,
        RegistryTlsConfig tls,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxAttempts,
        Duration retryBackoff,
        Duration maxRetryBackoff,
        Duration maxRetryTime,
        int cacheCapacity) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";
    public static final String SSL_PROTOCOL = "schema.registry.ssl.protocol";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";
    /** Confluent's name: retries after the first try, so attempts = max.retries + 1. */
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    /** Inferstream's own: the bound on the whole retry loop of one request. */
    public static final String RETRIES_TOTAL_TIMEOUT_MS = "retries.total.timeout.ms";
    public static final String CACHE_CAPACITY = "schema.registry.cache.capacity";
    /** Confluent's serde-level name for the same bound; read when {@link #CACHE_CAPACITY} is absent. */
    public static final String MAX_SCHEMAS_PER_SUBJECT = "max.schemas.per.subject";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MAX_RETRY_TIME = Duration.ofSeconds(15);
    public static final int DEFAULT_CACHE_CAPACITY = 1000;

    public RegistryClientConfig {
        urls = List.copyOf(Objects.requireNonNull(urls, "urls"));
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("At least one schema registry URL is needed (" + URL + ")");
        }
        for (URI u : urls) {
            String s = u.getScheme();
            if (s == null || !(s.equals("http") || s.equals("https") || s.equals("mock"))) {
                throw new IllegalArgumentException("Unsupported schema registry URL '" + u
                        + "': expected http://, https:// or mock://scope");
            }
        }
        if (urls.size() > 1 && urls.stream().anyMatch(u -> "mock".equals(u.getScheme()))) {
            throw new IllegalArgumentException("A mock:// registry URL cannot be combined with others: " + urls);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(maxRetryBackoff, "maxRetryBackoff");
        Objects.requireNonNull(maxRetryTime, "maxRetryTime");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (cacheCapacity < 1) {
            throw new IllegalArgumentException("cacheCapacity must be >= 1, got " + cacheCapacity);
        }
        if (basicAuthUserInfo != null && !basicAuthUserInfo.contains(":")) {
            throw new IllegalArgumentException("Basic auth user info must be 'user:password'");
        }
    }

    /** Defaults for everything but the URLs (comma-separated). */
    public static RegistryClientConfig of(String urls) {
        return fromProperties(Map.of(URL, urls));
    }

    /** True for a {@code mock://scope} URL: an in-process registry rather than HTTP. */
    public boolean isMock() {
        return "mock".equals(urls.get(0).getScheme());
    }

    /** The scope of a {@code mock://scope} URL. */
    public String mockScope() {
        URI u = urls.get(0);
        String scope = u.getAuthority() != null ? u.getAuthority() : u.getSchemeSpecificPart().replaceFirst("^//", "");
        return scope == null ? "" : scope;
    }

    public RegistryClientConfig withBasicAuth(String userInfo) {
        return new RegistryClientConfig(urls, userInfo, tls, connectTimeout, requestTimeout, maxAttempts,
                retryBackoff, maxRetryBackoff, maxRetryTime, cacheCapacity);
    }

    public RegistryClientConfig withTls(RegistryTlsConfig tlsConfig) {
        return new RegistryClientConfig(urls, basicAuthUserInfo, tlsConfig, connectTimeout, requestTimeout,
                maxAttempts, retryBackoff, maxRetryBackoff, maxRetryTime, cacheCapacity);
    }

    public RegistryClientConfig withRetries(int attempts, Duration backoff, Duration maxBackoff, Duration maxTime) {
        return new RegistryClientConfig(urls, basicAuthUserInfo, tls, connectTimeout, requestTimeout, attempts,
                backoff, maxBackoff, maxTime, cacheCapacity);
    }

    public RegistryClientConfig withTimeouts(Duration connect, Duration request) {
        return new RegistryClientConfig(urls, basicAuthUserInfo, tls, connect, request, maxAttempts,
                retryBackoff, maxRetryBackoff, maxRetryTime, cacheCapacity);
    }

    public RegistryClientConfig withCacheCapacity(int capacity) {
        return new RegistryClientConfig(urls, basicAuthUserInfo, tls, connectTimeout, requestTimeout, maxAttempts,
                retryBackoff, maxRetryBackoff, maxRetryTime, capacity);
    }

    /**
     * Reads Confluent's client property names: {@value #URL} (comma-separated), {@value #BASIC_AUTH_CREDENTIALS_SOURCE}
     * ({@code USER_INFO} or {@code URL}; {@code SASL_INHERIT} is not supported) with {@value #BASIC_AUTH_USER_INFO}
     * (also under the {@code schema.registry.} prefix), {@code schema.registry.ssl.*}, {@value #CONNECT_TIMEOUT_MS},
     * {@value #READ_TIMEOUT_MS}, {@value #MAX_RETRIES}, {@value #RETRIES_WAIT_MS}, {@value #RETRIES_MAX_WAIT_MS},
     * {@value #RETRIES_TOTAL_TIMEOUT_MS} and {@value #CACHE_CAPACITY}. Values may be strings or numbers.
     *
     * @throws IllegalArgumentException when the URL is missing or a value does not parse
     */
    public static RegistryClientConfig fromProperties(Map<String, ?> props) {
        String urlList = string(props, URL);
        if (urlList == null || urlList.isBlank()) {
            throw new IllegalArgumentException("Missing required property " + URL);
        }
        List<URI> urls = new ArrayList<>();
        String urlUserInfo = null;
        for (String raw : urlList.split(",")) {
            String s = raw.trim();
            if (s.isEmpty()) {
                continue;
            }
            URI u;
            try {
                u = new URI(s);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Bad schema registry URL '" + s + "': " + e.getMessage(), e);
            }
            if (u.getRawUserInfo() != null && !"mock".equals(u.getScheme())) {
                urlUserInfo = decode(u.getRawUserInfo());
                try {
                    u = new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), null);
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("Bad schema registry URL '" + s + "'", e);
                }
            }
            urls.add(u);
        }
        String source = firstNonNull(string(props, BASIC_AUTH_CREDENTIALS_SOURCE),
                string(props, "schema.registry." + BASIC_AUTH_CREDENTIALS_SOURCE));
        String userInfo = firstNonNull(string(props, BASIC_AUTH_USER_INFO),
                string(props, "schema.registry." + BASIC_AUTH_USER_INFO));
        String auth;
        if (source == null) {
            auth = userInfo != null && !userInfo.isBlank() ? userInfo : urlUserInfo;
        } else {
            auth = switch (source.trim().toUpperCase(java.util.Locale.ROOT)) {
                case "USER_INFO" -> {
                    if (userInfo == null || userInfo.isBlank()) {
                        throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs "
                                + BASIC_AUTH_USER_INFO);
                    }
                    yield userInfo;
                }
                case "URL" -> urlUserInfo;
                default -> throw new IllegalArgumentException("Unsupported " + BASIC_AUTH_CREDENTIALS_SOURCE
                        + " '" + source + "': use USER_INFO or URL");
            };
        }
        RegistryTlsConfig tls = null;
        String trustLoc = string(props, SSL_TRUSTSTORE_LOCATION);
        String keyLoc = string(props, SSL_KEYSTORE_LOCATION);
        if (trustLoc != null || keyLoc != null || string(props, SSL_PROTOCOL) != null) {
            tls = new RegistryTlsConfig(
                    trustLoc == null || trustLoc.isBlank() ? null : Path.of(trustLoc),
                    string(props, SSL_TRUSTSTORE_PASSWORD), string(props, SSL_TRUSTSTORE_TYPE),
                    keyLoc == null || keyLoc.isBlank() ? null : Path.of(keyLoc),
                    string(props, SSL_KEYSTORE_PASSWORD), string(props, SSL_KEYSTORE_TYPE),
                    string(props, SSL_KEY_PASSWORD), string(props, SSL_PROTOCOL));
        }
        Long retries = number(props, MAX_RETRIES);
        Long cap = number(props, CACHE_CAPACITY);
        if (cap == null) {
            cap = number(props, MAX_SCHEMAS_PER_SUBJECT);
        }
        return new RegistryClientConfig(urls, auth, tls,
                millis(props, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT),
                millis(props, READ_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT),
                retries == null ? DEFAULT_MAX_ATTEMPTS : Math.toIntExact(retries + 1),
                millis(props, RETRIES_WAIT_MS, DEFAULT_RETRY_BACKOFF),
                millis(props, RETRIES_MAX_WAIT_MS, DEFAULT_MAX_RETRY_BACKOFF),
                millis(props, RETRIES_TOTAL_TIMEOUT_MS, DEFAULT_MAX_RETRY_TIME),
                cap == null ? DEFAULT_CACHE_CAPACITY : Math.toIntExact(cap));
    }

    @Override
    public String toString() {
        // Never print the password.
        return "RegistryClientConfig[urls=" + urls + ", basicAuth=" + (basicAuthUserInfo == null ? "none"
                : basicAuthUserInfo.substring(0, basicAuthUserInfo.indexOf(':')) + ":***") + ", tls=" + tls
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxAttempts=" + maxAttempts + ", retryBackoff=" + retryBackoff
                + ", maxRetryBackoff=" + maxRetryBackoff + ", maxRetryTime=" + maxRetryTime
                + ", cacheCapacity=" + cacheCapacity + "]";
    }

    static String string(Map<String, ?> props, String key) {
        Object v = props.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        if (v instanceof org.apache.kafka.common.config.types.Password p) {
            return p.value();
        }
        return String.valueOf(v);
    }

    private static Long number(Map<String, ?> props, String key) {
        Object v = props.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Property " + key + " must be a number, got '" + v + "'", e);
        }
    }

    private static Duration millis(Map<String, ?> props, String key, Duration def) {
        Long n = number(props, key);
        return n == null ? def : Duration.ofMillis(n);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
