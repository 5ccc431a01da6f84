package io.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.UserEvent;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.registry.server.SchemaRegistryServer;
import io.inferstream.registry.server.SchemaRegistryServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka builds the serializers itself from class names and Confluent properties, as any Confluent-configured
 * producer or consumer would, against a real broker and the real REST registry.
 */
class AvroSerdeKafkaIT {

    @TempDir
    Path dir;

    @Test
    void shouldProduceAndConsumeAvroConfiguredByClassNameAndConfluentProperties() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.ephemeral(dir.resolve("kafka")));
             SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.ephemeral())) {
            Map<String, Object> producerProps = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName(),
                    "schema.registry.url", registry.url());
            List<UserEvent> sent = new ArrayList<>();
            try (KafkaProducer<String, UserEvent> producer = new KafkaProducer<>(producerProps)) {
                for (int i = 0; i < 20; i++) {
                    UserEvent e = SerdeTestSupport.userEvent();
                    e.setUserId("u" + i);
                    sent.add(e);
                    producer.send(new ProducerRecord<>("user-events", e.getUserId(), e)).get();
                }
            }
            assertThat(consume(kafka, registry, Map.of("specific.avro.reader", "true")))
                    .extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
            List<ConsumerRecord<String, Object>> generic = consume(kafka, registry,
                    Map.of(ConsumerConfig.GROUP_ID_CONFIG, "generic"));
            assertThat(generic).hasSize(20);
            assertThat(((GenericRecord) generic.get(3).value()).get("userId").toString()).isEqualTo("u3");
            assertThat(registry.localClient().subjects()).containsExactly("user-events-value");
        }
    }

    private static List<ConsumerRecord<String, Object>> consume(EmbeddedKafka kafka, SchemaRegistryServer registry,
                                                               Map<String, Object> extra) {
        Map<String, Object> props = new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "specific",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName(),
                "schema.registry.url", registry.url()));
        props.putAll(extra);
        List<ConsumerRecord<String, Object>> out = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("user-events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < 20 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
