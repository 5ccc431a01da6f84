package io.inferstream.recommend;

import static io.inferstream.recommend.RecommendFixture.event;
import static io.inferstream.recommend.RecommendFixture.key;
import static io.inferstream.recommend.RecommendFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.EventType;
import io.inferstream.avro.UserEvent;
import io.inferstream.config.RecommendSettings;
import io.inferstream.inference.DeadLetterCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recommender's meters, as a run of its topology records them. */
class RecommendMetricsTest {

    private static final long T0 = 1_700_000_000_000L / 60_000 * 60_000;

    @TempDir
    Path stateDir;

    private final RecommendFixture fx = new RecommendFixture();
    private final RecommendSettings settings = RecommendFixture.settings();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final RecommenderStats stats = new RecommenderStats(meters);
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestInputTopic<byte[], byte[]> requests;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "recommend-metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(RecommendTopology.build(settings, RecommendTopologyTest.topics(fx),
            new RecommendTopology.Collaborators(new ItemIndex(settings.factors()), stats, fx.events::deserializer,
                fx.requests::deserializer, fx.profiles)), props, Instant.ofEpochMilli(0));
        events = driver.createInputTopic("user-events", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        requests = driver.createInputTopic("recommendation-requests", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
        fx.close();
    }

    private void send(UserEvent e) {
        events.pipeInput(key(e.getUserId()), fx.bytes(e), e.getTimestamp());
    }

    private double events(String type) {
        return meters.get(RecommenderStats.EVENTS).tag("type", type).counter().count();
    }

    @Test
    void shouldCountEventsByTypeFeedsAndStaleness() {
        send(event("u1", "i1", EventType.CLICK, 1.0, T0));
        send(event("u1", "i2", EventType.VIEW, 1.0, T0 + 1));
        send(event("u2", "i1", EventType.RATING, 4.0, T0 + 2));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        requests.pipeInput(key("u3"), fx.bytes(request("u3", 5)), Instant.ofEpochMilli(T0 + 5));

        assertThat(events("click")).isEqualTo(1);
        assertThat(events("view")).isEqualTo(1);
        assertThat(events("rating")).isEqualTo(1);
        assertThat(events("purchase")).isZero();
        assertThat(meters.get(RecommenderStats.FEEDS).counter().count()).as("u1 and u2 debounced, u3 asked").isEqualTo(3);
        assertThat(meters.get(RecommenderStats.STALENESS).summary().count()).isEqualTo(3);
        assertThat(meters.get(RecommenderStats.VISIBILITY).timer().count()).isEqualTo(stats.visibilityLagMs().count()).isPositive();
        assertThat(meters.find(DeadLetterCounter.NAME).counters()).isEmpty();
    }

    @Test
    void shouldCountDeadLettersByCodeAndNotCountTheirEvents() {
        events.pipeInput(key("u1"), new byte[] {9, 9, 9}, Instant.ofEpochMilli(T0));
        events.pipeInput(key("someone-else"), fx.bytes(event("u1", "i1", EventType.CLICK, 1.0, T0)), Instant.ofEpochMilli(T0));

        assertThat(meters.get(DeadLetterCounter.NAME).tags("topology", "recommend", "code", "WRONG_KEY").counter().count())
            .isEqualTo(1);
        assertThat(meters.get(DeadLetterCounter.NAME).tags("topology", "recommend").counters()).hasSize(2);
        assertThat(events("click")).isZero();
    }
}
