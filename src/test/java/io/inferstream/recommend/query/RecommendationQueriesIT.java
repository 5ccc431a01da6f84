package io.inferstream.recommend.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.avro.UserProfile;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.ops.OpsHeaders;
import io.inferstream.ops.OpsHttpServer;
import io.inferstream.recommend.ItemIndex;
import io.inferstream.recommend.RecommendStores;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.registry.server.SchemaRegistryServer;
import io.inferstream.registry.server.SchemaRegistryServerConfig;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real Kafka Streams instances over 4 partitions, each with its own HTTP server and {@code application.server}:
 * every user's feed and factors come out right whichever instance is asked (the other forwards to the owner), and
 * similar items are answered by both.
 *
 * <p>The topology here only materializes {@link RecommendStores#USER_PROFILES} from a topic of profiles, so the
 * expected answers are known exactly; the recommendation topology keeps its profiles in the same store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommendationQueriesIT {

    private static final String PROFILES = "it-user-profiles";
    private static final int PARTITIONS = 4;
    private static final int FACTORS = 4;
    private static final int ITEMS = 60;
    private static final int USERS = 40;
    private static final int DEFAULT_K = 10;
    private static final Instant UPDATED = Instant.parse("2026-11-28T12:00:00.250Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private EmbeddedKafka kafka;
    private SchemaRegistryServer registry;
    private final List<Instance> instances = new ArrayList<>();
    private final Map<String, float[]> itemFactors = new LinkedHashMap<>();
    private final Map<String, Float> itemBias = new HashMap<>();
    private final Map<String, Double> itemPopularity = new HashMap<>();
    private final Map<String, UserProfile> profiles = new LinkedHashMap<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One application instance: its streams client, HTTP server and item index. */
    private record Instance(String endpoint, KafkaStreams streams, OpsHttpServer server) {
    }

    @BeforeAll
    void startTwoInstances() throws Exception {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.ephemeral(dir.resolve("kafka")));
        registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.ephemeral());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(PROFILES, PARTITIONS, (short) 1))).all().get();
        }
        makeItemsAndProfiles();
        for (int i = 0; i < 2; i++) {
            instances.add(startInstance(i));
        }
        awaitBothOwningPartitions();
        produceProfiles();
        awaitEveryProfileQueryable();
    }

    @AfterAll
    void stop() {
        for (Instance instance : instances) {
            instance.server().close();
            instance.streams().close(Duration.ofSeconds(30));
        }
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldAnswerEveryUsersFeedFromEitherInstanceThroughItsOwner() throws Exception {
        Map<String, Integer> forwardedTo = new HashMap<>();
        for (UserProfile profile : profiles.values()) {
            String user = profile.getUserId();
            String owner = ownerOf(user);
            List<String> expected = expectedFeed(profile, 5);
            for (Instance asked : instances) {
                HttpResponse<String> response = get(asked, "/users/" + user + "/recommendations?k=5");

                assertThat(response.statusCode()).as(user + " from " + asked.endpoint()).isEqualTo(200);
                assertThat(response.headers().firstValue(OpsHeaders.ANSWERED_BY)).hasValue(owner);
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.get("userId").asText()).isEqualTo(user);
                assertThat(body.get("source").asText()).isEqualTo(profile.getFactors().isEmpty() ? "POPULAR" : "FACTORS");
                assertThat(Instant.parse(body.get("generatedAt").asText())).isAfter(UPDATED);
                List<String> ids = new ArrayList<>();
                for (JsonNode item : body.get("items")) {
                    ids.add(item.get("itemId").asText());
                    assertThat(item.get("rank").asInt()).isEqualTo(ids.size());
                    assertThat(item.get("score").asDouble()).isCloseTo(expectedScore(profile, item.get("itemId").asText()),
                        org.assertj.core.data.Offset.offset(1e-5));
                }
                assertThat(ids).as(user + " from " + asked.endpoint()).isEqualTo(expected);
                if (!owner.equals(asked.endpoint())) {
                    forwardedTo.merge(owner, 1, Integer::sum);
                }
            }
        }
        // each instance owns some users and answered them for the other one
        assertThat(forwardedTo).containsOnlyKeys(instances.get(0).endpoint(), instances.get(1).endpoint());
    }

    @Test
    void shouldAnswerEveryUsersFactorsFromEitherInstance() throws Exception {
        for (UserProfile profile : profiles.values()) {
            String user = profile.getUserId();
            for (Instance asked : instances) {
                HttpResponse<String> response = get(asked, "/users/" + user + "/factors");

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue(OpsHeaders.ANSWERED_BY)).hasValue(ownerOf(user));
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.get("userId").asText()).isEqualTo(user);
                List<Float> factors = new ArrayList<>();
                body.get("factors").forEach(f -> factors.add(f.floatValue()));
                assertThat(factors).isEqualTo(profile.getFactors());
                assertThat(body.get("bias").floatValue()).isEqualTo(profile.getBias());
                assertThat(body.get("events").asLong()).isEqualTo(profile.getEvents());
                assertThat(body.get("updatedAt").asText()).isEqualTo("2026-11-28T12:00:00.250Z");
            }
        }
    }

    @Test
    void shouldGiveAnUnknownUserThePopularFeedButNoFactors() throws Exception {
        List<String> popular = itemPopularity.entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(DEFAULT_K).map(Map.Entry::getKey).toList();
        for (int n = 0; n < 8; n++) {
            String user = "newcomer-" + n;
            for (Instance asked : instances) {
                HttpResponse<String> feed = get(asked, "/users/" + user + "/recommendations");
                assertThat(feed.statusCode()).isEqualTo(200);
                assertThat(feed.headers().firstValue(OpsHeaders.ANSWERED_BY)).hasValue(ownerOf(user));
                JsonNode body = JSON.readTree(feed.body());
                assertThat(body.get("source").asText()).isEqualTo("POPULAR");
                assertThat(itemIds(body)).isEqualTo(popular);

                HttpResponse<String> factors = get(asked, "/users/" + user + "/factors");
                assertThat(factors.statusCode()).isEqualTo(404);
                assertThat(factors.headers().firstValue(OpsHeaders.ANSWERED_BY)).hasValue(ownerOf(user));
                assertThat(JSON.readTree(factors.body()).get("error_code").asInt()).isEqualTo(RecommendationQueries.UNKNOWN_USER);
            }
        }
    }

    @Test
    void shouldAnswerSimilarItemsOnEveryInstance() throws Exception {
        for (String item : List.of("item-0", "item-17", "item-59")) {
            List<String> expected = itemFactors.keySet().stream().filter(other -> !other.equals(item))
                .sorted(Comparator.comparingDouble((String other) -> -cosine(itemFactors.get(item), itemFactors.get(other))))
                .limit(3).toList();
            for (Instance asked : instances) {
                HttpResponse<String> response = get(asked, "/items/" + item + "/similar?k=3");

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue(OpsHeaders.ANSWERED_BY)).hasValue(asked.endpoint());
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.get("itemId").asText()).isEqualTo(item);
                assertThat(itemIds(body)).isEqualTo(expected);
            }
        }
        for (Instance asked : instances) {
            HttpResponse<String> unknown = get(asked, "/items/no-such-item/similar");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).get("error_code").asInt()).isEqualTo(RecommendationQueries.UNKNOWN_ITEM);
        }
    }

    @Test
    void shouldUseTheDefaultFeedSizeAndRefuseBadK() throws Exception {
        UserProfile someone = profiles.values().iterator().next();
        for (Instance asked : instances) {
            JsonNode body = JSON.readTree(get(asked, "/users/" + someone.getUserId() + "/recommendations").body());
            assertThat(body.get("items")).hasSize(DEFAULT_K);
            for (String k : List.of("0", "1001", "-3", "ten", "")) {
                for (String path : List.of("/users/" + someone.getUserId() + "/recommendations?k=" + k, "/items/item-1/similar?k=" + k)) {
                    HttpResponse<String> response = get(asked, path);
                    assertThat(response.statusCode()).as(path).isEqualTo(400);
                    assertThat(JSON.readTree(response.body()).get("error_code").asInt()).isEqualTo(RecommendationQueries.BAD_K);
                }
            }
        }
    }

    @Test
    void shouldRefuseToForwardAForwardedRequestAgain() throws Exception {
        for (Instance asked : instances) {
            String notOwned = profiles.keySet().stream().filter(u -> !ownerOf(u).equals(asked.endpoint())).findFirst().orElseThrow();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(asked.server().url() + "/users/" + notOwned
                    + "/factors")).header(OpsHeaders.FORWARDED_BY, "somewhere:1").timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue(OpsHeaders.RETRY_AFTER)).isPresent();
            assertThat(JSON.readTree(response.body()).get("message").asText()).contains("somewhere:1", ownerOf(notOwned));
        }
    }

    // ------------------------------------------------------------------ fixture

    private void makeItemsAndProfiles() {
        Random random = new Random(11);
        for (int i = 0; i < ITEMS; i++) {
            float[] q = new float[FACTORS];
            for (int j = 0; j < FACTORS; j++) {
                q[j] = (float) random.nextGaussian();
            }
            itemFactors.put("item-" + i, q);
            itemBias.put("item-" + i, (float) (random.nextGaussian() * 0.1));
            itemPopularity.put("item-" + i, (double) ((i * 37) % ITEMS) + 0.5);
        }
        List<String> itemIds = List.copyOf(itemFactors.keySet());
        for (int u = 0; u < USERS; u++) {
            List<Float> p = new ArrayList<>();
            // the last users have a profile but no factors yet: popular items they have not seen
            if (u < USERS - 4) {
                for (int j = 0; j < FACTORS; j++) {
                    p.add((float) random.nextGaussian());
                }
            }
            List<String> seen = IntStream.range(0, random.nextInt(6)).mapToObj(n -> itemIds.get(random.nextInt(ITEMS)))
                .distinct().toList();
            profiles.put("user-" + u, UserProfile.newBuilder().setUserId("user-" + u).setFactors(p).setBias(u * 0.01f)
                .setEvents(u + 1).setSeen(seen).setUpdatedAt(UPDATED).build());
        }
    }

    private ItemIndex itemIndex() {
        ItemIndex index = new ItemIndex(FACTORS);
        itemFactors.forEach((id, q) -> index.upsert(id, q, itemBias.get(id), itemPopularity.get(id), 1));
        return index;
    }

    private AvroSerde<UserProfile> profileSerde() {
        return AvroSerdes.specific(UserProfile.class, SchemaRegistryClients.create(registry.url()), AvroSerdeConfig.of(registry.url()), false);
    }

    /** The user-profile table under the real store name: all the recommendation queries read. */
    private Topology profileTable() {
        StreamsBuilder builder = new StreamsBuilder();
        AvroSerde<UserProfile> serde = profileSerde();
        builder.table(PROFILES, Consumed.with(Serdes.String(), serde),
            Materialized.<String, UserProfile, KeyValueStore<Bytes, byte[]>>as(RecommendStores.USER_PROFILES)
                .withKeySerde(Serdes.String()).withValueSerde(serde));
        return builder.build();
    }

    private Instance startInstance(int n) {
        OpsHttpServer server = OpsHttpServer.start("127.0.0.1", 0);
        String endpoint = "127.0.0.1:" + server.port();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reco-queries-it");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + n).toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, endpoint);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.POLL_MS_CONFIG, 5);
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 500);
        KafkaStreams streams = new KafkaStreams(profileTable(), props);
        new RecommendationQueries(streams, itemIndex(), HostInfo.buildFromEndpoint(endpoint), DEFAULT_K).register(server);
        streams.start();
        return new Instance(endpoint, streams, server);
    }

    /** Both RUNNING, and each the active owner of some of the store's partitions. */
    private void awaitBothOwningPartitions() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            boolean running = instances.stream().allMatch(i -> i.streams().state() == KafkaStreams.State.RUNNING);
            if (running) {
                Set<String> owners = instances.get(0).streams().streamsMetadataForStore(RecommendStores.USER_PROFILES).stream()
                    .filter(m -> !m.topicPartitions().isEmpty()).map(StreamsMetadata::hostInfo)
                    .map(h -> h.host() + ":" + h.port()).collect(Collectors.toSet());
                if (owners.size() == 2) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the two instances did not share the partitions: "
                    + instances.stream().map(i -> i.streams().state().toString()).toList());
            }
            Thread.sleep(100);
        }
    }

    private void produceProfiles() throws Exception {
        Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all");
        try (KafkaProducer<String, UserProfile> producer = new KafkaProducer<>(config, new StringSerializer(),
            profileSerde().serializer())) {
            for (UserProfile p : profiles.values()) {
                producer.send(new ProducerRecord<>(PROFILES, p.getUserId(), p)).get();
            }
        }
    }

    private void awaitEveryProfileQueryable() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String user : profiles.keySet()) {
            while (get(instances.get(0), "/users/" + user + "/factors").statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("profile of " + user + " not queryable after 60 s");
                }
                Thread.sleep(100);
            }
        }
    }

    // ------------------------------------------------------------------ expectations

    private String ownerOf(String user) {
        HostInfo owner = instances.get(0).streams()
            .queryMetadataForKey(RecommendStores.USER_PROFILES, user, Serdes.String().serializer()).activeHost();
        return owner.host() + ":" + owner.port();
    }

    /** The top k by p.q + b over unseen items, or by popularity when the user has no factors. */
    private List<String> expectedFeed(UserProfile profile, int k) {
        return itemFactors.keySet().stream().filter(id -> !profile.getSeen().contains(id))
            .sorted(Comparator.comparingDouble((String id) -> -expectedScore(profile, id)))
            .limit(k).toList();
    }

    private double expectedScore(UserProfile profile, String item) {
        if (profile.getFactors().isEmpty()) {
            return itemPopularity.get(item);
        }
        float score = itemBias.get(item);
        float[] q = itemFactors.get(item);
        for (int j = 0; j < FACTORS; j++) {
            score += profile.getFactors().get(j) * q[j];
        }
        return score;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < a.length; j++) {
            dot += a[j] * b[j];
            na += a[j] * a[j];
            nb += b[j] * b[j];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static List<String> itemIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("items").forEach(i -> ids.add(i.get("itemId").asText()));
        return ids;
    }

    private HttpResponse<String> get(Instance instance, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(instance.server().url() + path)).timeout(Duration.ofSeconds(10))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
