package io.inferstream.drift.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.avro.InferenceResult;
import io.inferstream.config.DriftSettings;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The drift topology tells {@link DriftCounters} the code of every dead letter it sends (the instance's meter). */
class DriftDeadLetterCountTest {

    @Test
    void shouldReportTheCodeOfEveryDeadLetter() {
        String scope = "drift-dead-letters-" + UUID.randomUUID();
        SchemaRegistryClient registry = MockSchemaRegistry.forScope(scope);
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.of("mock://" + scope);
        List<String> codes = new CopyOnWriteArrayList<>();
        DriftTopics topics = new DriftTopics(
            new Topic<>("inference-results", Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>("dead-letters", Serdes.String(), AvroSerdes.specific(DeadLetter.class, registry, serdeConfig, false)),
            new Topic<>("model-drift-metrics", Serdes.String(), AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false)),
            new Topic<>("model-drift-alerts", Serdes.String(), AvroSerdes.specific(DriftAlert.class, registry, serdeConfig, false)),
            new Topic<>("drift-reference-profiles", Serdes.String(),
                AvroSerdes.specific(DriftReferenceProfile.class, registry, serdeConfig, false)),
            new Topic<>("drift-observations", Serdes.String(), Serdes.ByteArray()));
        var topology = DriftTopology.build(DriftSettings.defaults().withObserve(DriftSettings.Observe.RESULTS), topics, new DriftTopology.Collaborators(
            () -> AvroSerdes.specific(InferenceResult.class, registry, serdeConfig, false).deserializer(), new DriftCounters(codes::add),
            Clock.systemUTC()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-dead-letters-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            var raw = driver.createInputTopic("inference-results", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            raw.pipeInput(new byte[] {1}, new byte[0]);
            raw.pipeInput(new byte[] {2}, new byte[] {0, 0, 0, 0, 99, 1});

            List<DeadLetter> sent = driver.createOutputTopic("dead-letters", Serdes.String().deserializer(),
                topics.deadLetters().valueSerde().deserializer()).readValuesToList();
            assertThat(codes).hasSize(2).containsExactlyElementsOf(sent.stream().map(DeadLetter::getErrorCode).toList());
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }
}
