package io.inferstream.ops.dashboard;

import io.inferstream.ops.OpsHttpException;
import io.inferstream.ops.OpsHttpServer;
import io.inferstream.ops.OpsRequest;
import io.inferstream.ops.OpsResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the dashboard page from the classpath: {@code GET /} is its {@code index.html}, {@code /assets/...} its
 * scripts and styles, and {@code /assets/uplot/...} the uPlot chart library's {@code dist} folder from its WebJar
 * (Maven Central), so nothing is fetched from a CDN and the page works offline. Files are read once and kept; paths
 * are checked against a plain pattern, so nothing outside those two folders can be asked for.
 */
public final class StaticAssets {

    static final String PAGE_ROOT = "io/inferstream/ops/dashboard/web/";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String UPLOT_PREFIX = "uplot/";
    /** Segments of letters, digits, dot, dash, underscore; no segment starting with a dot (no "..", no hidden files). */
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final Map<String, String> TYPES = Map.of(
        "html", "text/html; charset=utf-8",
        "js", "text/javascript; charset=utf-8",
        "css", "text/css; charset=utf-8",
        "svg", "image/svg+xml",
        "png", "image/png",
        "json", "application/json");

    private final ClassLoader loader;
    private final Optional<String> uplotRoot;
    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    public StaticAssets() {
        this(StaticAssets.class.getClassLoader());
    }

    StaticAssets(ClassLoader loader) {
        this.loader = loader;
        this.uplotRoot = uplotVersion(loader).map(v -> "META-INF/resources/webjars/uplot/" + v + "/dist/");
    }

    /** Registers {@code GET /} and {@code GET /assets/{path...}}. */
    public void register(OpsHttpServer server) {
        server.get("/", request -> file("index.html"));
        server.get("/assets/{path...}", this::asset);
    }

    OpsResponse asset(OpsRequest request) {
        return file(request.pathParam("path"));
    }

    /** The file at {@code path} under the page's folder (or uPlot's under {@code uplot/}). */
    OpsResponse file(String path) {
        if (!SAFE_PATH.matcher(path).matches()) {
            throw OpsHttpException.notFound(404, "no such asset: " + path);
        }
        String resource;
        if (path.startsWith(UPLOT_PREFIX)) {
            resource = uplotRoot.orElseThrow(() -> OpsHttpException.notFound(404, "the uPlot WebJar is not on the classpath"))
                + path.substring(UPLOT_PREFIX.length());
        } else {
            resource = PAGE_ROOT + path;
        }
        byte[] body = cache.computeIfAbsent(resource, this::load)
            .orElseThrow(() -> OpsHttpException.notFound(404, "no such asset: " + path));
        return OpsResponse.bytes(200, contentType(path), body)
            // The page polls its API; the files change only with a new build.
            .withHeader("Cache-Control", path.equals("index.html") ? "no-cache" : "max-age=300");
    }

    private Optional<byte[]> load(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the classpath", e);
        }
    }

    static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    /** The WebJar's version, from its Maven metadata: the jar's folder is named after it. */
    private static Optional<String> uplotVersion(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(in);
            return Optional.ofNullable(p.getProperty("version"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UPLOT_POM, e);
        }
    }
}
