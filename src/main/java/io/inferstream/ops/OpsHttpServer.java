package io.inferstream.ops;

import com.sun.net.httpserver.HttpServer;
import io.inferstream.config.HttpSettings;
import io.inferstream.embedded.PortInUseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inferstream's own HTTP endpoint ({@code http.host}:{@code http.port}): interactive queries now; health, metrics and
 * the dashboard register their routes on the same server later. Routes are a method and a path pattern with
 * {@code {params}} ({@link #route}); answers are JSON, and failures the JSON error body
 * {@code {"error_code", "message"}} with the matching status (400, 404, 405, 503 with {@code Retry-After}, 500).
 *
 * <p>Why no web framework: a few read-only endpoints for operators, dashboards and the other instances need
 * routing with path parameters and JSON, nothing more. The JDK's {@code com.sun.net.httpserver.HttpServer} (the
 * embedded schema registry's server too) plus Jackson, already on the classpath, cover that in two small classes,
 * with nothing added to an application that already carries Kafka and TensorFlow. Requests run on a small bounded
 * pool; when it and its queue are full, the accepting thread answers the request itself, which slows acceptance
 * down instead of dropping connections.
 *
 * <p>The server listens as soon as it is started, before routes are registered (so the bound port is known for
 * Kafka Streams' {@code application.server} before the streams start); until a route is registered its path is a
 * 404.
 */
public final class OpsHttpServer implements AutoCloseable {

    /** Request threads: queries are short (a store read, a top-K scan, or a forward to another instance). */
    public static final int DEFAULT_THREADS = 4;
    private static final int QUEUE_CAPACITY = 64;
    private static final int BACKLOG = 64;
    private static final Logger log = LoggerFactory.getLogger(OpsHttpServer.class);

    private final HttpServer http;
    private final ThreadPoolExecutor executor;
    private final OpsDispatcher dispatcher;
    private final String url;
    private boolean closed;

    private OpsHttpServer(HttpServer http, ThreadPoolExecutor executor, OpsDispatcher dispatcher, String host) {
        this.http = http;
        this.executor = executor;
        this.dispatcher = dispatcher;
        this.url = "http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port();
    }

    /** Binds {@code http.host}:{@code http.port} and starts serving with {@link #DEFAULT_THREADS} threads. */
    public static OpsHttpServer start(HttpSettings settings) {
        return start(settings.host(), settings.port(), DEFAULT_THREADS);
    }

    /** Binds {@code host:port} (port 0: any free one) and starts serving with {@link #DEFAULT_THREADS} threads. */
    public static OpsHttpServer start(String host, int port) {
        return start(host, port, DEFAULT_THREADS);
    }

    /**
     * Binds {@code host:port} (port 0: any free one) and starts serving.
     *
     * @throws PortInUseException when the port is taken
     */
    public static OpsHttpServer start(String host, int port, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), BACKLOG);
        } catch (BindException e) {
            throw new PortInUseException("Inferstream's HTTP server (http.port)", host, port, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Inferstream's HTTP server cannot listen on " + host + ":" + port + ": "
                + e.getMessage(), e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE_CAPACITY), daemonThreads(), new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
        OpsDispatcher dispatcher = new OpsDispatcher();
        http.setExecutor(executor);
        http.createContext("/", dispatcher);
        http.start();
        OpsHttpServer server = new OpsHttpServer(http, executor, dispatcher, host);
        log.info("HTTP server listening at {}", server.url());
        return server;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "inferstream-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Registers {@code handler} for {@code method} on {@code pattern} ({@code /users/{id}/factors}; a last segment
     * {@code {name...}} takes the rest of the path). HEAD is served by the GET route.
     *
     * @throws IllegalArgumentException for a malformed pattern or a method and pattern already registered
     */
    public OpsHttpServer route(String method, String pattern, OpsHandler handler) {
        dispatcher.add(method, pattern, handler);
        return this;
    }

    /** {@link #route} for GET (and HEAD). */
    public OpsHttpServer get(String pattern, OpsHandler handler) {
        return route("GET", pattern, handler);
    }

    /** The port actually bound (the free one picked when asked for 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return url;
    }

    /** Stops accepting and closes connections; handlers still running get up to 5 s before the threads stop. Idempotent. */
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
        log.info("HTTP server at {} stopped", url);
    }
}
