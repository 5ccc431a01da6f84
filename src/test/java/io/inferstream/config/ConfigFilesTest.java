package io.inferstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.docs.Readme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The checked-in config files stay valid and complete as keys are added. */
class ConfigFilesTest {

    private static final Path EMBEDDED = Path.of("config/embedded.properties");
    private static final Path PRODUCTION = Path.of("config/production.properties");

    @Test
    void shouldKeepEmbeddedPropertiesEqualToTheBuiltInDefaults() {
        assertThat(ConfigLoader.load(Optional.of(EMBEDDED), Map.of(), List.of())).isEqualTo(InferstreamConfig.defaults());
    }

    @Test
    void shouldListEveryDefinedKeyInEmbeddedProperties() throws Exception {
        String text = Files.readString(EMBEDDED);
        for (String key : InferstreamConfig.definedKeys()) {
            if (key.endsWith(".retention.ms") && !text.contains(key + "=")) {
                // compacted topics have no retention: must be a compact topic
                String topic = key.substring("topics.".length(), key.length() - ".retention.ms".length());
                assertThat(StandardTopic.byLogicalName(topic).orElseThrow().defaultCleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
                continue;
            }
            assertThat(text).as("config/embedded.properties lists " + key).contains("\n" + key + "=");
        }
    }

    @Test
    void shouldDocumentEveryKeyAndTopicInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (String key : InferstreamConfig.definedKeys()) {
            if (!key.startsWith("topics.") || key.equals("topics.create")) {
                assertThat(readme).as("README documents " + key).contains("`" + key + "`");
            }
        }
        for (StandardTopic t : StandardTopic.values()) {
            assertThat(readme).as("README's topic table lists " + t.logicalName()).contains("| `" + t.logicalName() + "`");
        }
        for (String suffix : List.of("name", "partitions", "cleanup.policy", "retention.ms", "config.*")) {
            assertThat(readme).contains("`topics.<topic>." + suffix + "`");
        }
    }

    @Test
    void shouldLoadTheProductionTemplate() {
        InferstreamConfig c = ConfigLoader.load(Optional.of(PRODUCTION), Map.of(), List.of());
        assertThat(c.kafka().replicationFactor()).isEqualTo((short) 3);
        assertThat(c.kafka().processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(c.registry().autoRegister()).isFalse();
        assertThat(c.http().host()).isEqualTo("0.0.0.0");
        int joined = c.topics().spec(StandardTopic.USER_EVENTS).partitions();
        for (StandardTopic t : List.of(StandardTopic.ITEM_FACTOR_UPDATES, StandardTopic.ITEM_FACTORS,
            StandardTopic.RECOMMENDATIONS, StandardTopic.RECOMMENDATION_REQUESTS)) {
            assertThat(c.topics().spec(t).partitions()).as(t.logicalName() + " co-partitioned with user-events").isEqualTo(joined);
        }
    }

    @Test
    void shouldKnowDefinedAndPassthroughKeysOnly() {
        assertThat(InferstreamConfig.isKnownKey("kafka.bootstrap.servers")).isTrue();
        assertThat(InferstreamConfig.isKnownKey("kafka.security.protocol")).isTrue();
        assertThat(InferstreamConfig.isKnownKey("streams.num.stream.threads")).isTrue();
        assertThat(InferstreamConfig.isKnownKey("registry.client.basic.auth.user.info")).isTrue();
        assertThat(InferstreamConfig.isKnownKey("topics.dead-letters.config.min.insync.replicas")).isTrue();
        assertThat(InferstreamConfig.isKnownKey("topics.model-control.retention.ms")).isTrue();
        assertThat(InferstreamConfig.isKnownKey("registry.urll")).isFalse();
        assertThat(InferstreamConfig.isKnownKey("kafka.")).isFalse();
        assertThat(InferstreamConfig.isKnownKey("topics.nope.partitions")).isFalse();
        assertThat(InferstreamConfig.isKnownKey("log.level")).isFalse();
    }

    @Test
    void shouldDescribeEveryTopicInTheReadmeTableAsStandardTopicDefinesIt() throws Exception {
        List<List<String>> rows = Readme.table(Readme.read().section("## Topics"), "Topic (default name)");
        List<String> problems = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        for (List<String> row : rows) {
            String name = Readme.backticked(row.get(0)).stream().findFirst().orElse(row.get(0));
            listed.add(name);
            Optional<StandardTopic> topic = StandardTopic.byLogicalName(name);
            if (topic.isEmpty() || row.size() < 6) {
                problems.add(name + ": not a StandardTopic, or fewer than 6 columns");
                continue;
            }
            StandardTopic t = topic.get();
            expectCell(problems, name, "key", row.get(1), t.keyDescription());
            expectCell(problems, name, "value schema", row.get(2), t.valueSchema().map(v -> "`" + v + "`").orElse("binary, not Avro"));
            expectCell(problems, name, "partitions", row.get(3), String.valueOf(t.defaultPartitions()));
            expectCell(problems, name, "cleanup policy", row.get(4), t.defaultCleanupPolicy().kafkaValue());
            String retention = t.defaultRetention().filter(r -> t.defaultCleanupPolicy() != CleanupPolicy.COMPACT)
                .map(ConfigFilesTest::readable).orElse("-");
            if (!row.get(5).equals(retention) && !row.get(5).startsWith(retention + " ")) {
                problems.add(name + ": retention is '" + row.get(5) + "', StandardTopic says " + retention);
            }
        }
        List<String> expected = new ArrayList<>();
        for (StandardTopic t : StandardTopic.values()) {
            expected.add(t.logicalName());
        }
        assertThat(listed).as("topics of README's topic table, in StandardTopic's order").isEqualTo(expected);
        assertThat(problems).as("README topic table rows that differ from config.StandardTopic").isEmpty();
    }

    private static void expectCell(List<String> problems, String topic, String column, String actual, String expected) {
        if (!actual.equals(expected)) {
            problems.add(topic + ": " + column + " is '" + actual + "', StandardTopic says '" + expected + "'");
        }
    }

    /** A default retention as the table writes it: whole years, else days. */
    private static String readable(Duration d) {
        long days = d.toDays();
        if (days >= 365 && days % 365 == 0) {
            return days / 365 + (days == 365 ? " year" : " years");
        }
        return days + (days == 1 ? " day" : " days");
    }

    /**
     * The reference table lists exactly what the config classes read: every key (per model and per topic too, as
     * {@code <name>} and {@code <topic>}) and every passthrough prefix, and nothing else.
     */
    @Test
    void shouldListExactlyTheKeysTheConfigClassesReadInTheReadmeReference() throws Exception {
        RawConfig withModel = new RawConfig().put("inference.models.m.versions", "latest", "test");
        ConfigReader r = InferstreamConfig.readAll(withModel);
        Set<String> read = new TreeSet<>();
        for (String key : r.definedKeys()) {
            read.add(generic(key));
        }
        for (String prefix : r.passthroughPrefixes()) {
            read.add(generic(prefix) + "*");
        }
        Set<String> documented = new TreeSet<>();
        for (List<String> row : Readme.table(Readme.read().section("### Reference"), "Key")) {
            documented.addAll(Readme.backticked(row.get(0)));
        }
        Set<String> undocumented = new TreeSet<>(read);
        undocumented.removeAll(documented);
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(read);
        List<String> problems = new ArrayList<>();
        undocumented.forEach(k -> problems.add("read by the config classes, not documented: " + k));
        stale.forEach(k -> problems.add("documented, read by no config class: " + k));
        assertThat(problems).as("README's Configuration reference vs the keys the config classes read").isEmpty();
    }

    /** {@code inference.models.m.x} -> {@code inference.models.<name>.x}; {@code topics.user-events.x} -> {@code topics.<topic>.x}. */
    private static String generic(String key) {
        if (key.startsWith("inference.models.m.")) {
            return "inference.models.<name>." + key.substring("inference.models.m.".length());
        }
        for (StandardTopic t : StandardTopic.values()) {
            String p = "topics." + t.logicalName() + ".";
            if (key.startsWith(p)) {
                return "topics.<topic>." + key.substring(p.length());
            }
        }
        return key;
    }

    @Test
    void shouldMapTheReadmesEnvironmentVariablesToTheirKeys() throws Exception {
        List<List<String>> rows = Readme.table(Readme.read().section("## Configuration"), "Environment variable");
        assertThat(rows).isNotEmpty();
        for (List<String> row : rows) {
            String var = Readme.backticked(row.get(0)).get(0);
            String key = Readme.backticked(row.get(1)).get(0);
            assertThat(ConfigLoader.envToKey(var)).as("README: %s sets %s", var, key).hasValue(key);
            assertThat(InferstreamConfig.isKnownKey(key)).as("README's example key %s is a config key", key).isTrue();
        }
    }
}
