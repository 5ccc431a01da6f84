package io.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.avro.EventType;
import io.inferstream.avro.UserEvent;
import io.inferstream.registry.MockSchemaRegistry;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Topic wires serdes into Kafka Streams: a topology reads and writes Avro through Topic.consumed/produced. */
class TopicTest {

    private final String scope = SerdeTestSupport.newScope();

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void shouldCarryAvroValuesThroughAStreamsTopology() {
        Map<String, Object> props = Map.of("schema.registry.url", "mock://" + scope);
        Topic<String, UserEvent> in = new Topic<>("user-events", Serdes.String(),
                AvroSerdes.specific(UserEvent.class, props, false));
        Topic<String, UserEvent> out = new Topic<>("clicks", Serdes.String(),
                AvroSerdes.specific(UserEvent.class, props, false));
        StreamsBuilder b = new StreamsBuilder();
        b.stream(in.name(), in.consumed("read-events"))
                .filter((k, v) -> v.getType() == EventType.CLICK)
                .to(out.name(), out.produced("write-clicks"));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "topic-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(b.build(), p);
             AvroSerde<UserEvent> testSerde = AvroSerdes.specific(UserEvent.class, props, false)) {
            TestInputTopic<String, UserEvent> input = driver.createInputTopic(in.name(),
                    Serdes.String().serializer(), testSerde.serializer());
            TestOutputTopic<String, UserEvent> output = driver.createOutputTopic(out.name(),
                    Serdes.String().deserializer(), testSerde.deserializer());
            UserEvent click = SerdeTestSupport.userEvent();
            UserEvent view = UserEvent.newBuilder(click).setType(EventType.VIEW).build();
            input.pipeInput("u1", view);
            input.pipeInput("u1", click);
            assertThat(output.readValuesToList()).containsExactly(click);
        }
        assertThat(MockSchemaRegistry.forScope(scope).subjects()).contains("user-events-value", "clicks-value");
    }

    @Test
    void shouldRefuseABlankName() {
        assertThatThrownBy(() -> new Topic<>(" ", Serdes.String(), Serdes.String()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
