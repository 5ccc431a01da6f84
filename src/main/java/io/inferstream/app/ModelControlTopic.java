package io.inferstream.app;

import io.inferstream.avro.ModelEvent;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.StandardTopic;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the {@code models} operator commands share about the model-control topic: its configured name, the checks
 * that Kafka answers (exit 4 otherwise) and that the topic exists, and the registry serde of its values.
 */
final class ModelControlTopic {

    private ModelControlTopic() {
    }

    static String name(InferstreamConfig config) {
        return config.topics().name(StandardTopic.MODEL_CONTROL);
    }

    /** Fails with exit 4 when Kafka does not answer within {@code timeout}, with exit 1 when the topic is missing. */
    static void check(InferstreamConfig config, Duration timeout) {
        String topic = name(config);
        try (Admin admin = KafkaConnection.connect(config.kafka(), timeout)) {
            Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!names.contains(topic)) {
                throw new CliException(ExitCodes.FAILURE, "Topic " + topic + " does not exist (create it with 'inferstream topics')");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "Kafka at " + config.kafka().bootstrapServers()
                + " did not list its topics within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "Interrupted while listing topics", e);
        }
    }

    /** ModelEvent values in the registry wire format; the caller closes {@code client}. */
    static AvroSerde<ModelEvent> serde(InferstreamConfig config, SchemaRegistryClient client) {
        return AvroSerdes.specific(ModelEvent.class, client, Registries.serdeConfig(config.registry()), false);
    }
}
