package io.inferstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
}
