package io.inferstream.registry.server;

import com.sun.net.httpserver.HttpServer;
import io.inferstream.embedded.PortInUseException;
import io.inferstream.registry.InMemorySchemaStore;
import io.inferstream.registry.KafkaSchemaStore;
import io.inferstream.registry.LocalSchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryService;
import io.inferstream.registry.SchemaStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inferstream's schema registry as an HTTP server speaking Confluent's REST API v1, so any unmodified
 * Confluent-compatible client (Confluent's serdes, kcat, Kafka UI tools, curl scripts) can use it.
 *
 * <p>Why no web framework: the API is a dozen JSON endpoints with path parameters, served to a handful of
 * clients. The JDK's own {@code com.sun.net.httpserver.HttpServer} with Jackson covers that in one small
 * router ({@link RegistryHttpHandler}) without pulling a servlet container or Jersey (Confluent's stack)
 * onto the classpath of an application that also carries Kafka and TensorFlow. Requests run on a bounded
 * pool; when it and its queue are full, the accepting thread answers the request itself, which slows
 * acceptance down instead of dropping connections.
 *
 * <p>The registry's state is replayed from its store (a Kafka topic, or memory) before the server accepts
 * requests.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);

    private final SchemaRegistryServerConfig config;
    private final SchemaRegistryService service;
    private final boolean ownsService;
    private final HttpServer http;
    private final ThreadPoolExecutor executor;
    private final String url;
    private boolean closed;

    private SchemaRegistryServer(SchemaRegistryServerConfig config, SchemaRegistryService service, boolean ownsService,
                                 HttpServer http, ThreadPoolExecutor executor) {
        this.config = config;
        this.service = service;
        this.ownsService = ownsService;
        this.http = http;
        this.executor = executor;
        this.url = "http://" + hostForUrl(config.host()) + ":" + http.getAddress().getPort();
    }

    /**
     * Binds host:port, replays the store named in the config (Kafka topic, or a fresh in-memory one), then
     * serves. The server owns the registry and its store and closes them on {@link #close()}.
     *
     * @throws PortInUseException when host:port is taken (the message names it)
     */
    public static SchemaRegistryServer start(SchemaRegistryServerConfig config) {
        Objects.requireNonNull(config, "config");
        HttpServer http = bind(config);
        SchemaRegistryService service;
        try {
            SchemaStore store = config.kafkaStoreConfig().<SchemaStore>map(KafkaSchemaStore::new)
                .orElseGet(InMemorySchemaStore::new);
            service = new SchemaRegistryService(store, config.defaultCompatibility());
        } catch (RuntimeException e) {
            http.stop(0);
            throw e;
        }
        return serve(config, service, true, http);
    }

    /**
     * Serves an existing registry (for example one the application also calls in-process). The store in the
     * config is ignored; the caller keeps ownership of the registry and closes it after the server.
     */
    public static SchemaRegistryServer start(SchemaRegistryServerConfig config, SchemaRegistryService service) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(service, "service");
        return serve(config, service, false, bind(config));
    }

    private static SchemaRegistryServer serve(SchemaRegistryServerConfig config, SchemaRegistryService service,
                                              boolean ownsService, HttpServer http) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(config.threads(), config.threads(), 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.queueCapacity()), daemonThreads(), new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
        http.setExecutor(executor);
        http.createContext("/", new RegistryHttpHandler(service));
        http.start();
        SchemaRegistryServer server = new SchemaRegistryServer(config, service, ownsService, http, executor);
        log.info("Schema registry listening at {} ({} store)", server.url(), service.store().describe());
        return server;
    }

    private static HttpServer bind(SchemaRegistryServerConfig config) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), 64);
        } catch (BindException e) {
            throw new PortInUseException("Schema registry", config.host(), config.port(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Schema registry cannot listen on " + config.host() + ":" + config.port()
                + ": " + e.getMessage(), e);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "schema-registry-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return url;
    }

    /** The port actually bound (the free one picked when the config says 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The registry this server answers for. */
    public SchemaRegistryService service() {
        return service;
    }

    /** An in-process client of this same registry (no HTTP); closing it leaves the server running. */
    public SchemaRegistryClient localClient() {
        return new LocalSchemaRegistryClient(service);
    }

    public SchemaRegistryServerConfig config() {
        return config;
    }

    /** Stops accepting requests, finishes those in flight (briefly), then closes the registry if it owns it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        if (ownsService) {
            service.close();
        }
        log.info("Schema registry at {} stopped", url);
    }
}
