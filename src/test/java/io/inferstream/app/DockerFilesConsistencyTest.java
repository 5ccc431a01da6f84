package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.inferstream.config.ConfigLoader;
import io.inferstream.config.InferstreamConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * docker/docker-compose.yml and docker/Dockerfile drift silently (nothing runs them in the build), so their
 * contract with the code is checked here: env vars name real config keys, ports line up, the jar is the one the
 * pom builds.
 */
class DockerFilesConsistencyTest {

    private static final Path COMPOSE = Path.of("docker/docker-compose.yml");
    private static final Path DOCKERFILE = Path.of("docker/Dockerfile");
    private static final Path PRODUCTION = Path.of("config/production.properties");

    private static JsonNode services;
    private static Map<String, String> inferstreamEnv;
    private static InferstreamConfig effective;

    @BeforeAll
    static void load() throws Exception {
        services = new YAMLMapper().readTree(COMPOSE.toFile()).get("services");
        assertThat(services).as("services in " + COMPOSE).isNotNull();
        inferstreamEnv = env(services.get("inferstream"));
        effective = ConfigLoader.load(Optional.of(PRODUCTION), inferstreamEnv, List.of());
    }

    /** A service's environment, in either of compose's forms (map or KEY=VALUE list). */
    private static Map<String, String> env(JsonNode service) {
        assertThat(service).isNotNull();
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode e = service.get("environment");
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

    private static List<Integer> containerPorts(JsonNode service) {
        List<Integer> out = new ArrayList<>();
        JsonNode ports = service.get("ports");
        if (ports != null) {
            ports.forEach(p -> {
                String s = p.asText();
                out.add(Integer.parseInt(s.substring(s.lastIndexOf(':') + 1).replaceAll("/.*", "")));
            });
        }
        return out;
    }

    @Test
    void shouldOnlyUseInferstreamVariablesThatNameRealConfigKeys() {
        List<String> inferstreamVars = inferstreamEnv.keySet().stream().filter(k -> k.startsWith(ConfigLoader.ENV_PREFIX)).toList();
        assertThat(inferstreamVars).isNotEmpty();
        for (String var : inferstreamVars) {
            Optional<String> key = ConfigLoader.envToKey(var);
            assertThat(key).as(var + " is a config variable").isPresent();
            assertThat(InferstreamConfig.isKnownKey(key.get())).as(var + " -> " + key.get() + " is a real config key").isTrue();
            assertThat(ConfigLoader.keyToEnv(key.get())).as("round trip of " + var).hasValue(var);
        }
        // No other service should carry Inferstream variables by mistake.
        services.fields().forEachRemaining(s -> {
            if (!s.getKey().equals("inferstream")) {
                assertThat(env(s.getValue()).keySet()).as(s.getKey()).noneMatch(k -> k.startsWith(ConfigLoader.ENV_PREFIX));
            }
        });
    }

    @Test
    void shouldPointInferstreamAtTheComposeKafkaAndRegistry() {
        Map<String, String> kafkaEnv = env(services.get("kafka"));
        String advertised = kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS");
        for (String hp : effective.kafka().bootstrapServers().split(",")) {
            assertThat(advertised).as("kafka advertises " + hp).contains("://" + hp.trim());
            assertThat(hp.trim()).startsWith("kafka:");
        }
        assertThat(effective.kafka().replicationFactor()).as("single broker").isEqualTo((short) 1);

        URI registry = effective.registry().urls().get(0);
        Map<String, String> srEnv = env(services.get("schema-registry"));
        assertThat(services.has(registry.getHost())).as("registry host is a compose service").isTrue();
        assertThat(srEnv.get("SCHEMA_REGISTRY_LISTENERS")).endsWith(":" + registry.getPort());
        assertThat(containerPorts(services.get("schema-registry"))).contains(registry.getPort());
        String store = srEnv.get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS").replaceFirst("^\\w+://", "");
        assertThat(advertised).contains("://" + store);
        assertThat(srEnv.get("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR")).isEqualTo("1");
    }

    @Test
    void shouldPublishTheHttpPortTheConfigUses() throws Exception {
        assertThat(containerPorts(services.get("inferstream"))).contains(effective.http().port());
        assertThat(effective.http().host()).isEqualTo("0.0.0.0");
        assertThat(Files.readString(DOCKERFILE)).containsPattern("(?m)^EXPOSE\\s+" + effective.http().port() + "\\s*$");
    }

    @Test
    void shouldBuildTheServiceFromTheDockerfile() {
        JsonNode build = services.get("inferstream").get("build");
        Path context = COMPOSE.getParent().resolve(build.get("context").asText()).normalize();
        assertThat(context.resolve(build.get("dockerfile").asText()).normalize()).isEqualTo(DOCKERFILE.normalize());
    }

    @Test
    void shouldCopyTheShadedJarThePomBuildsAndRunTheProductionConfig() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        Element project = pom.getDocumentElement();
        String artifactId = child(project, "artifactId");
        String version = child(project, "version");
        String classifier = pom.getElementsByTagName("shadedClassifierName").item(0).getTextContent().trim();
        String jar = "target/" + artifactId + "-" + version + "-" + classifier + ".jar";

        String dockerfile = Files.readString(DOCKERFILE);
        Matcher copy = Pattern.compile("(?m)^COPY\\s+--from=build\\s+/src/(\\S+)\\s+(\\S+)\\s*$").matcher(dockerfile);
        assertThat(copy.find()).as("COPY --from=build of the jar").isTrue();
        String glob = copy.group(1);
        assertThat(jar).as(glob + " matches the pom's jar").matches(glob.replace(".", "\\.").replace("*", "[^/]*"));
        assertThat(copy.group(2)).isEqualTo("/app/app.jar");
        assertThat(dockerfile).contains("RUN ./mvnw -B -DskipTests package")
            .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]")
            .contains("CMD [\"run\", \"--config\", \"/etc/inferstream/production.properties\"]")
            .contains("COPY config/production.properties /etc/inferstream/production.properties");
        assertThat(Path.of("mvnw")).exists();
    }

    private static String child(Element parent, String name) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        throw new AssertionError("pom.xml has no " + name);
    }
}
