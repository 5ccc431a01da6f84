package io.inferstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docker/docker-compose.yml read as a tree, with the few views the consistency tests need. Both of compose's forms
 * are understood where it has two (environment as a map or a {@code KEY=VALUE} list; ports as {@code "H:C"} strings
 * or long-form objects; volumes as {@code "SRC:DST[:ro]"} strings or objects).
 */
final class ComposeFile {

    static final Path PATH = Path.of("docker/docker-compose.yml");

    /** A published port: host side and container side. */
    record Port(String service, int published, int target) {
    }

    /** A bind mount: its source as a path from the repository root, and where it appears in the container. */
    record Mount(String service, Path source, String target) {
    }

    private final JsonNode services;

    private ComposeFile(JsonNode services) {
        this.services = services;
    }

    static ComposeFile read() throws IOException {
        JsonNode root = new YAMLMapper().readTree(PATH.toFile());
        if (root == null || !root.path("services").isObject()) {
            throw new AssertionError(PATH + " has no services: section");
        }
        return new ComposeFile(root.get("services"));
    }

    List<String> serviceNames() {
        List<String> out = new ArrayList<>();
        services.fieldNames().forEachRemaining(out::add);
        return out;
    }

    JsonNode service(String name) {
        JsonNode s = services.get(name);
        if (s == null) {
            throw new AssertionError(PATH + " has no service '" + name + "' (services: " + serviceNames() + ")");
        }
        return s;
    }

    /** A service's environment, in either of compose's forms. */
    Map<String, String> env(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode e = service(name).get("environment");
        if (e == null) {
            return out;
        }
        if (e.isArray()) {
            e.forEach(n -> {
                String s = n.asText();
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            });
        } else {
            e.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        }
        return out;
    }

    List<Port> ports(String name) {
        List<Port> out = new ArrayList<>();
        for (JsonNode p : service(name).path("ports")) {
            if (p.isObject()) {
                out.add(new Port(name, p.path("published").asInt(), p.path("target").asInt()));
                continue;
            }
            // [ip:]published:target[/protocol]; a bare target publishes on a random host port (0 here).
            String[] parts = p.asText().replaceAll("/.*", "").split(":");
            int target = Integer.parseInt(parts[parts.length - 1]);
            int published = parts.length >= 2 ? Integer.parseInt(parts[parts.length - 2]) : 0;
            out.add(new Port(name, published, target));
        }
        return out;
    }

    /** Bind mounts (named volumes are left out); sources are resolved against docker/, where the file lives. */
    List<Mount> mounts(String name) {
        List<Mount> out = new ArrayList<>();
        for (JsonNode v : service(name).path("volumes")) {
            String source;
            String target;
            if (v.isObject()) {
                source = v.path("source").asText();
                target = v.path("target").asText();
            } else {
                String[] parts = v.asText().split(":");
                source = parts[0];
                target = parts.length > 1 ? parts[1] : "";
            }
            if (source.startsWith(".") || source.startsWith("/")) {
                out.add(new Mount(name, PATH.getParent().resolve(source).normalize(), target));
            }
        }
        return out;
    }

    /** The healthcheck's test command, joined with spaces ({@code CMD}/{@code CMD-SHELL} dropped). */
    String healthcheck(String name) {
        JsonNode test = service(name).path("healthcheck").path("test");
        if (test.isTextual()) {
            return test.asText();
        }
        List<String> words = new ArrayList<>();
        test.forEach(w -> words.add(w.asText()));
        if (!words.isEmpty() && words.get(0).startsWith("CMD")) {
            words.remove(0);
        }
        return String.join(" ", words);
    }
}
