package io.inferstream.inference;

import io.inferstream.avro.ModelEvent;
import io.inferstream.serde.Topic;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes this instance's model lifecycle reports to the model-control topic, keyed by model name. */
public final class ModelEventPublisher implements Consumer<ModelEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelEventPublisher.class);

    private final KafkaProducer<String, ModelEvent> producer;
    private final String topic;

    public ModelEventPublisher(Map<String, Object> producerConfig, Topic<String, ModelEvent> topic) {
        this.producer = new KafkaProducer<>(producerConfig, topic.keySerde().serializer(), topic.valueSerde().serializer());
        this.topic = topic.name();
    }

    @Override
    public void accept(ModelEvent event) {
        producer.send(new ProducerRecord<>(topic, event.getModel(), event), (metadata, e) -> {
            if (e != null) {
                log.warn("could not publish {} for {}/{}: {}", event.getType(), event.getModel(), event.getVersion(), e.toString());
            }
        });
        log.info("model {}/{}: {} {}", event.getModel(), event.getVersion(), event.getType(), event.getReason());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
