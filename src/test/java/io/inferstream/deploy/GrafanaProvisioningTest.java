package io.inferstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Grafana's provisioning (datasource, dashboard provider, dashboard JSON) against the compose file and the metrics
 * contract: the dashboard queries only metrics Inferstream exports, under their exact names, and shows all of them.
 */
class GrafanaProvisioningTest {

    private static final Path PROVISIONING = Path.of("docker/grafana/provisioning");
    private static final Path DASHBOARDS = Path.of("docker/grafana/dashboards");

    private static ComposeFile compose;
    private static JsonNode datasource;
    private static Map<Path, JsonNode> dashboards;

    @BeforeAll
    static void load() throws Exception {
        compose = ComposeFile.read();
        List<JsonNode> datasources = new ArrayList<>();
        for (Path f : yamlFiles(PROVISIONING.resolve("datasources"))) {
            new YAMLMapper().readTree(f.toFile()).path("datasources").forEach(datasources::add);
        }
        assertThat(datasources).as("datasources provisioned under " + PROVISIONING.resolve("datasources")).hasSize(1);
        datasource = datasources.get(0);
        dashboards = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                dashboards.put(f, new ObjectMapper().readTree(f.toFile()));
            }
        }
        assertThat(dashboards).as("dashboard JSON files in " + DASHBOARDS).isNotEmpty();
    }

    private static List<Path> yamlFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void shouldPointTheDatasourceAtTheComposePrometheus() {
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        URI url = URI.create(datasource.path("url").asText());
        assertThat(url.getHost()).as("datasource url host is the compose prometheus service").isEqualTo("prometheus");
        assertThat(compose.ports("prometheus")).extracting(ComposeFile.Port::target)
            .as("prometheus listens on the datasource url's port %d", url.getPort()).contains(url.getPort());
        assertThat(datasource.path("uid").asText()).as("datasource uid (dashboards refer to it)").isNotBlank();
    }

    @Test
    void shouldMountProvisioningAndLoadDashboardsFromWhereTheyAreMounted() throws Exception {
        List<ComposeFile.Mount> mounts = compose.mounts("grafana");
        assertThat(mounts).as("grafana mounts " + PROVISIONING + " at /etc/grafana/provisioning")
            .contains(new ComposeFile.Mount("grafana", PROVISIONING, "/etc/grafana/provisioning"));
        Set<String> dashboardMounts = new TreeSet<>();
        mounts.stream().filter(m -> m.source().equals(DASHBOARDS)).forEach(m -> dashboardMounts.add(m.target()));
        assertThat(dashboardMounts).as("grafana mounts " + DASHBOARDS).hasSize(1);

        List<String> providerPaths = new ArrayList<>();
        for (Path f : yamlFiles(PROVISIONING.resolve("dashboards"))) {
            new YAMLMapper().readTree(f.toFile()).path("providers").forEach(p -> providerPaths.add(p.path("options").path("path").asText()));
        }
        assertThat(providerPaths).as("dashboard provider paths vs where compose mounts " + DASHBOARDS).containsExactlyElementsOf(dashboardMounts);

        String home = compose.env("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        if (home != null) {
            String mount = dashboardMounts.iterator().next() + "/";
            assertThat(home).as("Grafana's home dashboard is in the mounted dashboards folder " + mount).startsWith(mount);
            assertThat(DASHBOARDS.resolve(home.substring(mount.length()))).as("Grafana's home dashboard " + home).exists();
        }
    }

    @Test
    void shouldQueryTheProvisionedDatasourceOnly() {
        String uid = datasource.path("uid").asText();
        List<String> wrong = new ArrayList<>();
        forEachPanel((file, panel) -> {
            if (panel.path("type").asText().equals("row")) {
                return;
            }
            List<JsonNode> refs = new ArrayList<>();
            refs.add(panel.path("datasource"));
            panel.path("targets").forEach(t -> refs.add(t.path("datasource")));
            for (JsonNode ref : refs) {
                if (!ref.isMissingNode() && !ref.path("uid").asText().equals(uid)) {
                    wrong.add(file.getFileName() + " panel '" + panel.path("title").asText() + "': " + ref);
                }
            }
        });
        assertThat(wrong).as("datasource references other than the provisioned uid " + uid).isEmpty();
    }

    @Test
    void shouldQueryOnlyContractMetricNames() {
        List<String> unknown = new ArrayList<>();
        forEachQuery((where, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            if (names.isEmpty()) {
                unknown.add(where + ": selects no metric: " + expr);
            }
            for (String name : names) {
                if (!MetricsContract.isContractName(name)) {
                    unknown.add(where + ": " + name);
                }
            }
        });
        assertThat(unknown).as("dashboard queries naming metrics outside the metrics contract (MetricsContract, COMMON metrics list)")
            .isEmpty();
    }

    @Test
    void shouldShowEveryContractMetricAndSomeKafkaStreamsMetrics() {
        Set<String> families = new TreeSet<>();
        Set<String> kafkaStreams = new TreeSet<>();
        forEachQuery((where, expr) -> PromQl.metricNames(expr).forEach(n -> {
            String family = MetricsContract.family(n);
            if (family != null) {
                families.add(family);
            } else if (n.startsWith("kafka_stream_")) {
                kafkaStreams.add(n);
            }
        }));
        Set<String> all = new TreeSet<>(MetricsContract.SINGLE);
        all.addAll(MetricsContract.DISTRIBUTIONS);
        all.removeAll(families);
        assertThat(all).as("contract metrics no dashboard panel shows").isEmpty();
        assertThat(kafkaStreams).as("kafka_stream_* metrics on the dashboard").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldReadLatencyQuantilesFromHistogramBuckets() {
        List<String> quantiles = new ArrayList<>();
        forEachQuery((where, expr) -> {
            if (expr.contains("histogram_quantile")) {
                quantiles.add(expr);
                assertThat(expr).as(where + ": histogram_quantile over _bucket series grouped by le").contains("_bucket").containsPattern("by \\([^)]*\\ble\\b");
            }
        });
        assertThat(quantiles).as("latency quantile queries").anyMatch(q -> q.contains("0.99")).anyMatch(q -> q.contains("0.5"));
    }

    @Test
    void shouldFindMetricNamesInPromQl() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, model) (rate(inferstream_request_latency_seconds_bucket{role=\"x\"}[1m])))"))
            .containsExactly("inferstream_request_latency_seconds_bucket");
        assertThat(PromQl.metricNames("sum(rate(a_sum[5m] offset 1m)) by (x) / sum(rate(a_count[5m])) and on (y) b"))
            .containsExactly("a_sum", "a_count", "b");
        assertThat(PromQl.metricNames("1 + 2e3")).isEmpty();
    }

    private interface PanelVisitor {
        void visit(Path file, JsonNode panel);
    }

    private interface QueryVisitor {
        void visit(String where, String expr);
    }

    private static void forEachPanel(PanelVisitor visitor) {
        dashboards.forEach((file, dashboard) -> {
            assertThat(dashboard.path("panels").isArray()).as(file + " has panels").isTrue();
            for (JsonNode panel : dashboard.path("panels")) {
                visitor.visit(file, panel);
                panel.path("panels").forEach(inner -> visitor.visit(file, inner)); // collapsed rows hold their panels
            }
        });
    }

    private static void forEachQuery(QueryVisitor visitor) {
        forEachPanel((file, panel) -> panel.path("targets").forEach(t -> {
            if (t.hasNonNull("expr")) {
                visitor.visit(file.getFileName() + " panel '" + panel.path("title").asText() + "'", t.get("expr").asText());
            }
        }));
    }
}
