package io.inferstream.recommend.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.ops.OpsHeaders;
import io.inferstream.ops.OpsHttpException;
import io.inferstream.ops.OpsRequest;
import io.inferstream.ops.OpsResponse;
import io.inferstream.recommend.ItemIndex;
import io.inferstream.recommend.RecommendStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an instance answers while its Kafka Streams client is not RUNNING (here: created, never started). */
class RecommendationQueriesTest {

    @TempDir
    Path stateDir;

    private KafkaStreams streams;
    private RecommendationQueries queries;

    @BeforeEach
    void createStreams() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("profiles", Materialized.as(RecommendStores.USER_PROFILES));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "queries-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        streams = new KafkaStreams(builder.build(), props);
        ItemIndex items = new ItemIndex(2);
        items.upsert("a", new float[] {1f, 0f}, 0f, 1, 1);
        items.upsert("b", new float[] {1f, 1f}, 0f, 2, 1);
        queries = new RecommendationQueries(streams, items, new HostInfo("127.0.0.1", 8080), 10);
    }

    @AfterEach
    void close() {
        streams.close(Duration.ofSeconds(10));
    }

    @Test
    void shouldAnswerUserQueriesWith503AndRetryAfterUntilRunning() {
        for (OpsRequest request : new OpsRequest[] {request("u1", ""), request("u1", "k=3")}) {
            assertThatThrownBy(() -> queries.recommendations(request)).isInstanceOfSatisfying(OpsHttpException.class, e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.headers()).containsEntry(OpsHeaders.RETRY_AFTER, "1");
                assertThat(e.getMessage()).contains("CREATED");
            });
            assertThatThrownBy(() -> queries.factors(request)).isInstanceOfSatisfying(OpsHttpException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        }
    }

    @Test
    void shouldRefuseBadKBeforeLookingForTheOwner() {
        assertThatThrownBy(() -> queries.recommendations(request("u1", "k=0"))).isInstanceOfSatisfying(OpsHttpException.class,
            e -> assertThat(e.errorCode()).isEqualTo(RecommendationQueries.BAD_K));
    }

    @Test
    void shouldAnswerKnownItemsAnd503ForUnknownOnesWhileItemsMayStillBeLoading() {
        OpsResponse similar = queries.similar(request("a", "k=1"));
        assertThat(similar.status()).isEqualTo(200);
        assertThat(similar.headers()).containsEntry(OpsHeaders.ANSWERED_BY, "127.0.0.1:8080");
        assertThat(similar.bodyText()).contains("\"itemId\":\"b\"", "\"rank\":1");

        assertThatThrownBy(() -> queries.similar(request("zzz", ""))).isInstanceOfSatisfying(OpsHttpException.class,
            e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void shouldRefuseADefaultFeedSizeOutsideTheRange() {
        ItemIndex items = new ItemIndex(2);
        HostInfo self = new HostInfo("h", 1);
        assertThatThrownBy(() -> new RecommendationQueries(streams, items, self, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecommendationQueries(streams, items, self, 1001)).isInstanceOf(IllegalArgumentException.class);
    }

    private static OpsRequest request(String id, String rawQuery) {
        Map<String, String> query = rawQuery.isEmpty() ? Map.of() : Map.of("k", rawQuery.substring("k=".length()));
        return new OpsRequest("GET", "/x/" + id, rawQuery, Map.of("id", id), query, Map.of(), false);
    }
}
