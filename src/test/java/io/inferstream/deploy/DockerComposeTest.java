package io.inferstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.inferstream.config.ConfigException;
import io.inferstream.config.ConfigLoader;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.docs.Readme;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker/docker-compose.yml and docker/prometheus drift silently (nothing runs them in the build, and there is no
 * Docker engine here), so their contract with the code is checked statically: the stack's services, config keys of
 * the INFERSTREAM_* variables, one application id for both instances, ports and scrape targets.
 */
class DockerComposeTest {

    private static final Path PRODUCTION = Path.of("config/production.properties");
    private static final Path PROMETHEUS = Path.of("docker/prometheus/prometheus.yml");

    private static ComposeFile compose;
    /** Inferstream services, by name, with the configuration each would run with. */
    private static Map<String, InferstreamConfig> instances;

    @BeforeAll
    static void load() throws Exception {
        compose = ComposeFile.read();
        instances = new LinkedHashMap<>();
        for (String name : compose.serviceNames()) {
            if (name.startsWith("inferstream")) {
                try {
                    instances.put(name, ConfigLoader.load(Optional.of(PRODUCTION), compose.env(name), List.of()));
                } catch (ConfigException e) {
                    fail("service " + name + ": " + PRODUCTION + " with its INFERSTREAM_* variables is not a valid configuration: "
                        + e.getMessage());
                }
            }
        }
    }

    @Test
    void shouldDefineKafkaRegistryTwoInstancesPrometheusAndGrafana() {
        assertThat(compose.serviceNames()).as("services of " + ComposeFile.PATH)
            .contains("kafka", "schema-registry", "prometheus", "grafana");
        assertThat(instances.keySet()).as("Inferstream services (named inferstream*) in " + ComposeFile.PATH).hasSize(2);
    }

    @Test
    void shouldOnlyUseInferstreamVariablesThatNameRealConfigKeys() {
        for (String service : instances.keySet()) {
            List<String> vars = compose.env(service).keySet().stream().filter(k -> k.startsWith(ConfigLoader.ENV_PREFIX)).toList();
            assertThat(vars).as(service + " configures Inferstream through INFERSTREAM_* variables").isNotEmpty();
            for (String var : vars) {
                Optional<String> key = ConfigLoader.envToKey(var);
                assertThat(key).as("%s in service %s is a config variable", var, service).isPresent();
                assertThat(InferstreamConfig.isKnownKey(key.get()))
                    .as("%s in service %s sets '%s', which is not a config key (README, Configuration)", var, service, key.get())
                    .isTrue();
                assertThat(ConfigLoader.keyToEnv(key.get())).as("%s in service %s is spelled as the key's variable", var, service)
                    .hasValue(var);
            }
        }
        for (String service : compose.serviceNames()) {
            if (!instances.containsKey(service)) {
                assertThat(compose.env(service).keySet()).as("INFERSTREAM_* variables in non-Inferstream service " + service)
                    .noneMatch(k -> k.startsWith(ConfigLoader.ENV_PREFIX));
            }
        }
    }

    @Test
    void shouldRunBothInstancesAsOneApplicationFromOneImage() {
        Set<String> appIds = new TreeSet<>();
        Set<String> images = new TreeSet<>();
        for (Map.Entry<String, InferstreamConfig> e : instances.entrySet()) {
            appIds.add(e.getValue().kafka().applicationId());
            images.add(compose.service(e.getKey()).path("image").asText("(no image:)"));
            JsonNode build = compose.service(e.getKey()).get("build");
            assertThat(build).as("service %s builds the Inferstream image", e.getKey()).isNotNull();
            Path context = ComposeFile.PATH.getParent().resolve(build.get("context").asText()).normalize();
            assertThat(context.resolve(build.get("dockerfile").asText()).normalize())
                .as("service %s builds from docker/Dockerfile with the repository root as context", e.getKey())
                .isEqualTo(DockerfileTest.DOCKERFILE.normalize());
            assertThat(context.toString()).as("service %s build context is the repository root", e.getKey()).isEmpty();
        }
        assertThat(appIds).as("kafka.application.id of the instances %s (they must share it to share the partitions)", instances.keySet())
            .hasSize(1);
        assertThat(images).as("image: of the instances %s", instances.keySet()).hasSize(1);
    }

    @Test
    void shouldAdvertiseEachInstanceUnderItsServiceNameAndOwnPort() {
        Set<String> servers = new TreeSet<>();
        for (Map.Entry<String, InferstreamConfig> e : instances.entrySet()) {
            String service = e.getKey();
            InferstreamConfig c = e.getValue();
            assertThat(c.http().host()).as("%s: http.host must listen on every interface of the container", service).isEqualTo("0.0.0.0");
            assertThat(c.http().advertisedHostName())
                .as("%s: http.advertised.host must be the service name, the DNS name the other instance forwards queries to", service)
                .isEqualTo(service);
            assertThat(c.http().port()).as("%s: http.port must be fixed (0 cannot be published)", service).isPositive();
            assertThat(compose.ports(service)).as("%s publishes its http.port %d on the same host port", service, c.http().port())
                .contains(new ComposeFile.Port(service, c.http().port(), c.http().port()));
            servers.add(c.http().applicationServer());
        }
        assertThat(servers).as("application.server of the instances").hasSize(instances.size());
    }

    @Test
    void shouldPublishEveryHostPortOnce() {
        Map<Integer, String> byPort = new HashMap<>();
        for (String service : compose.serviceNames()) {
            for (ComposeFile.Port p : compose.ports(service)) {
                if (p.published() != 0) {
                    String clash = byPort.put(p.published(), service);
                    assertThat(clash).as("host port %d is published by both %s and %s", p.published(), clash, service).isNull();
                }
            }
        }
    }

    @Test
    void shouldProbeReadinessOnEachInstancesOwnPort() {
        for (Map.Entry<String, InferstreamConfig> e : instances.entrySet()) {
            assertThat(compose.healthcheck(e.getKey()))
                .as("%s: healthcheck probes /health/ready on its http.port", e.getKey())
                .contains("http://127.0.0.1:" + e.getValue().http().port() + "/health/ready");
        }
    }

    @Test
    void shouldPointEveryInstanceAtTheComposeKafkaAndRegistry() {
        String advertised = compose.env("kafka").get("KAFKA_ADVERTISED_LISTENERS");
        Map<String, String> srEnv = compose.env("schema-registry");
        for (Map.Entry<String, InferstreamConfig> e : instances.entrySet()) {
            InferstreamConfig c = e.getValue();
            for (String hp : c.kafka().bootstrapServers().split(",")) {
                assertThat(advertised).as("%s: kafka.bootstrap.servers %s is a listener kafka advertises", e.getKey(), hp)
                    .contains("://" + hp.trim());
                assertThat(hp.trim()).as("%s: bootstrap server %s is the compose kafka service", e.getKey(), hp).startsWith("kafka:");
            }
            assertThat(c.kafka().replicationFactor()).as("%s: kafka.replication.factor on a single broker", e.getKey())
                .isEqualTo((short) 1);
            URI registry = c.registry().urls().get(0);
            assertThat(compose.serviceNames()).as("%s: registry.url host %s is a compose service", e.getKey(), registry.getHost())
                .contains(registry.getHost());
            assertThat(srEnv.get("SCHEMA_REGISTRY_LISTENERS")).as("%s: the registry listens on registry.url's port", e.getKey())
                .endsWith(":" + registry.getPort());
        }
        assertThat(compose.ports("schema-registry")).extracting(ComposeFile.Port::target).contains(8081);
        String store = srEnv.get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS").replaceFirst("^\\w+://", "");
        assertThat(advertised).as("the registry's Kafka store is a listener kafka advertises").contains("://" + store);
        assertThat(srEnv.get("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR")).isEqualTo("1");
    }

    @Test
    void shouldScrapeEveryInstanceAtItsServiceNameAndHttpPort() throws Exception {
        JsonNode prometheus = new YAMLMapper().readTree(PROMETHEUS.toFile());
        assertThat(prometheus).as(PROMETHEUS + " parses").isNotNull();
        Set<String> expected = new TreeSet<>();
        instances.forEach((service, c) -> expected.add(service + ":" + c.http().port()));
        Set<String> targets = new TreeSet<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            boolean scrapesInferstream = false;
            for (JsonNode sc : job.path("static_configs")) {
                for (JsonNode t : sc.path("targets")) {
                    String target = t.asText();
                    if (target.startsWith("inferstream")) {
                        scrapesInferstream = true;
                        targets.add(target);
                    }
                }
            }
            if (scrapesInferstream) {
                assertThat(job.path("metrics_path").asText("/metrics")).as("metrics_path of job " + job.path("job_name").asText())
                    .isEqualTo("/metrics");
            }
        }
        assertThat(targets).as("Prometheus targets in %s vs the Inferstream services and their http.port in %s", PROMETHEUS, ComposeFile.PATH)
            .isEqualTo(expected);

        // The compose service mounts this very file where its --config.file says.
        String configFile = null;
        for (JsonNode arg : compose.service("prometheus").path("command")) {
            if (arg.asText().startsWith("--config.file=")) {
                configFile = arg.asText().substring("--config.file=".length());
            }
        }
        String mountedAt = configFile == null ? "/etc/prometheus/prometheus.yml" : configFile;
        assertThat(compose.mounts("prometheus")).as("prometheus mounts %s at %s", PROMETHEUS, mountedAt)
            .contains(new ComposeFile.Mount("prometheus", PROMETHEUS, mountedAt));
    }

    @Test
    void shouldMountOnlyFilesThatExist() {
        List<String> missing = new ArrayList<>();
        for (String service : compose.serviceNames()) {
            for (ComposeFile.Mount m : compose.mounts(service)) {
                if (!m.source().toFile().exists()) {
                    missing.add(service + ": " + m.source() + " -> " + m.target());
                }
            }
        }
        assertThat(missing).as("bind mounts whose source does not exist").isEmpty();
    }

    @Test
    void shouldListEveryServiceWithItsHostPortInTheReadme() throws Exception {
        Readme readme = Readme.read();
        Map<String, String> documented = new TreeMap<>();
        for (List<String> row : Readme.table(readme.section("## Deployment"), "Service")) {
            documented.put(Readme.backticked(row.get(0)).get(0), row.get(2));
        }
        Map<String, String> actual = new TreeMap<>();
        for (String service : compose.serviceNames()) {
            actual.put(service, String.join(", ", compose.ports(service).stream().map(p -> String.valueOf(p.published())).toList()));
        }
        assertThat(documented).as("README Deployment table (service -> host port) vs " + ComposeFile.PATH).isEqualTo(actual);
        String up = "docker compose -f " + ComposeFile.PATH + " up --build";
        assertThat(readme.section("## Quick start")).as("README quick start").anyMatch(l -> l.contains(up))
            .anyMatch(l -> l.startsWith("./inferstream demo")).anyMatch(l -> l.startsWith("./mvnw -B verify"));
    }
}
