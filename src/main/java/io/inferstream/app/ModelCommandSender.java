package io.inferstream.app;

import io.inferstream.avro.ModelEvent;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.registry.RegistryException;
import io.inferstream.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends one operator command to the model-control topic, keyed by model name (so a model's commands keep their
 * order), and waits for Kafka to acknowledge it: an operator must know whether the command is on the topic.
 */
final class ModelCommandSender {

    private ModelCommandSender() {
    }

    static RecordMetadata send(InferstreamConfig config, ModelEvent command, Duration timeout) {
        String topic = ModelControlTopic.name(config);
        ModelControlTopic.check(config, timeout);
        Registries.check(config.registry());
        Map<String, Object> props = new HashMap<>(config.kafka().producerConfig());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() + 1_000);
        try (SchemaRegistryClient client = Registries.client(config.registry());
             KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                 ModelControlTopic.serde(config, client).serializer())) {
            return producer.send(new ProducerRecord<>(topic, command.getModel(), command))
                .get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (SerializationException | RegistryException e) {
            throw new CliException(ExitCodes.FAILURE, "Cannot serialize the command for " + topic + ": " + Main.describe(e), e);
        } catch (ExecutionException e) {
            throw new CliException(ExitCodes.FAILURE, "Sending to " + topic + " failed: " + Main.describe(e.getCause()), e);
        } catch (TimeoutException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "Kafka did not acknowledge the command on " + topic
                + " within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "Interrupted", e);
        }
    }
}
