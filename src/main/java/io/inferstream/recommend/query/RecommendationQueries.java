package io.inferstream.recommend.query;

import io.inferstream.recommend.Feeds;

import io.inferstream.avro.UserProfile;
import io.inferstream.ops.HttpForwarder;
import io.inferstream.ops.OpsHeaders;
import io.inferstream.ops.OpsHttpException;
import io.inferstream.ops.OpsHttpServer;
import io.inferstream.ops.OpsRequest;
import io.inferstream.ops.OpsResponse;
import io.inferstream.recommend.ItemIndex;
import io.inferstream.recommend.RecommendStores;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The recommendation topology's interactive queries, answered correctly from any instance:
 * <ul>
 *   <li>{@code GET /users/{id}/recommendations?k=N}: the user's feed, computed now like the recommendations topic's
 *       (top-k unseen items by {@code p_u . q_i + b_i}; a user without factors, or unknown, gets the popular items,
 *       source {@code POPULAR}, with 200: a new user is simply cold);</li>
 *   <li>{@code GET /users/{id}/factors}: the user's profile; 404 (error_code 40401) for a user with none;</li>
 *   <li>{@code GET /items/{id}/similar?k=N}: items by cosine similarity; 404 (40402) for an unknown item.</li>
 * </ul>
 * {@code k} defaults to the configured feed size and must be in [1, 1000] (else 400, error_code 40001).
 *
 * <p>Routing: user profiles live in the user-partitioned store {@link RecommendStores#USER_PROFILES}, so a user's
 * query is answered by the instance whose active task holds the user's partition ({@code queryMetadataForKey}, the
 * same partitioner as the topology's String keys). Another instance forwards the request there
 * ({@link HttpForwarder}) and returns the owner's answer; {@link OpsHeaders#ANSWERED_BY} says which instance
 * computed it. A forwarded request is never forwarded again: if it lands on an instance that no longer owns the
 * user (a rebalance moved it), that is a 503 with {@code Retry-After}, as is any query while Kafka Streams is not
 * RUNNING (starting, rebalancing, restoring) or the store is not queryable yet. Similar items need no routing:
 * every instance holds every item's factors (the global item-factors store behind {@link ItemIndex}).
 */
public final class RecommendationQueries {

    public static final int MAX_K = 1000;
    public static final int BAD_K = 40001;
    public static final int UNKNOWN_USER = 40401;
    public static final int UNKNOWN_ITEM = 40402;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final KafkaStreams streams;
    private final ItemIndex items;
    private final HostInfo self;
    private final String selfEndpoint;
    private final int defaultK;
    private final Clock clock;
    private final HttpForwarder forwarder;
    private final Feeds feeds;

    /**
     * @param streams  the Kafka Streams client running the topology that holds {@link RecommendStores#USER_PROFILES}
     * @param items    this instance's item index (the topology's)
     * @param self     this instance's {@code application.server} (same host and port, or nothing is local)
     * @param defaultK feed size when the query gives no k
     */
    public RecommendationQueries(KafkaStreams streams, ItemIndex items, HostInfo self, int defaultK, Clock clock,
                                 HttpForwarder forwarder) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.items = Objects.requireNonNull(items, "items");
        this.self = Objects.requireNonNull(self, "self");
        this.selfEndpoint = endpoint(self);
        if (defaultK < 1 || defaultK > MAX_K) {
            throw new IllegalArgumentException("default k must be in [1, " + MAX_K + "], got " + defaultK);
        }
        this.defaultK = defaultK;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
        this.feeds = new Feeds(items);
    }

    /** With the system clock and a forwarder with default timeouts. */
    public RecommendationQueries(KafkaStreams streams, ItemIndex items, HostInfo self, int defaultK) {
        this(streams, items, self, defaultK, Clock.systemUTC(), new HttpForwarder());
    }

    /** Registers the three routes on {@code server}. */
    public void register(OpsHttpServer server) {
        server.get("/users/{id}/recommendations", this::recommendations)
            .get("/users/{id}/factors", this::factors)
            .get("/items/{id}/similar", this::similar);
    }

    OpsResponse recommendations(OpsRequest request) {
        String userId = request.pathParam("id");
        int k = k(request);
        return atOwner(request, userId, profile -> {
            feeds.requireMatchingFactors(userId, profile.orElse(null));
            return OpsResponse.json(QueryBodies.Feed.of(feeds.feed(userId, profile.orElse(null), k, clock.millis())));
        });
    }

    OpsResponse factors(OpsRequest request) {
        String userId = request.pathParam("id");
        return atOwner(request, userId, profile -> OpsResponse.json(QueryBodies.Factors.of(profile.orElseThrow(() ->
            OpsHttpException.notFound(UNKNOWN_USER, "user " + userId + " has no factors yet (no events learned)")))));
    }

    OpsResponse similar(OpsRequest request) {
        String itemId = request.pathParam("id");
        int k = k(request);
        if (items.factorsOf(itemId).isEmpty()) {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                // the item factors may still be loading: the item may exist
                throw notRunning();
            }
            throw answeredHere(OpsHttpException.notFound(UNKNOWN_ITEM, "unknown item " + itemId));
        }
        QueryBodies.Similar body = new QueryBodies.Similar(itemId, QueryBodies.RankedItem.of(Feeds.ranks(items.similar(itemId, k))));
        return OpsResponse.json(body).withHeader(OpsHeaders.ANSWERED_BY, selfEndpoint);
    }

    /** Answers here when this instance owns the user's partition, else forwards to the owner. */
    private OpsResponse atOwner(OpsRequest request, String userId, Function<Optional<UserProfile>, OpsResponse> answer) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw notRunning();
        }
        KeyQueryMetadata owner = ownerOf(userId);
        if (owner.activeHost().equals(self)) {
            try {
                return answer.apply(localProfile(userId, owner.partition())).withHeader(OpsHeaders.ANSWERED_BY, selfEndpoint);
            } catch (OpsHttpException e) {
                throw answeredHere(e);
            }
        }
        String target = endpoint(owner.activeHost());
        if (HttpForwarder.wasForwarded(request)) {
            throw OpsHttpException.unavailable("request forwarded by " + request.header(OpsHeaders.FORWARDED_BY).orElse("?")
                + " to " + selfEndpoint + ", but user " + userId + " belongs to " + target + " now (rebalance)", RETRY_AFTER);
        }
        return forwarder.forward(request, target, selfEndpoint);
    }

    private KeyQueryMetadata ownerOf(String userId) {
        KeyQueryMetadata owner;
        try {
            owner = streams.queryMetadataForKey(RecommendStores.USER_PROFILES, userId, Serdes.String().serializer());
        } catch (StreamsException | IllegalStateException e) {
            throw OpsHttpException.unavailable("cannot locate user " + userId + "'s partition yet: " + e.getMessage(), RETRY_AFTER);
        }
        if (owner == null) {
            throw new IllegalStateException("the running topology has no store " + RecommendStores.USER_PROFILES);
        }
        if (owner.equals(KeyQueryMetadata.NOT_AVAILABLE) || owner.activeHost() == null) {
            throw OpsHttpException.unavailable("user " + userId + "'s partition has no active owner yet", RETRY_AFTER);
        }
        if (owner.activeHost().port() <= 0) {
            throw new IllegalStateException("the owner of user " + userId + "'s partition advertises no address: set Kafka"
                + " Streams' application.server on every instance (HttpSettings.applicationServer)");
        }
        return owner;
    }

    private Optional<UserProfile> localProfile(String userId, int partition) {
        try {
            ReadOnlyKeyValueStore<String, UserProfile> store = streams.store(StoreQueryParameters
                .fromNameAndType(RecommendStores.USER_PROFILES, QueryableStoreTypes.<String, UserProfile>keyValueStore())
                .withPartition(partition));
            return Optional.ofNullable(store.get(userId));
        } catch (InvalidStateStoreException e) {
            throw OpsHttpException.unavailable("user " + userId + "'s partition " + partition + " is not queryable here yet: "
                + e.getMessage(), RETRY_AFTER);
        }
    }

    private int k(OpsRequest request) {
        Optional<String> raw = request.queryParam("k");
        if (raw.isEmpty()) {
            return defaultK;
        }
        try {
            int k = Integer.parseInt(raw.get().trim());
            if (k >= 1 && k <= MAX_K) {
                return k;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw OpsHttpException.badRequest(BAD_K, "k must be an integer in [1, " + MAX_K + "], got '" + raw.get() + "'");
    }

    private OpsHttpException notRunning() {
        return OpsHttpException.unavailable("Kafka Streams is " + streams.state() + ", not RUNNING; retry shortly", RETRY_AFTER);
    }

    /** The same error, saying which instance gave it. */
    private OpsHttpException answeredHere(OpsHttpException e) {
        Map<String, String> headers = new LinkedHashMap<>(e.headers());
        headers.put(OpsHeaders.ANSWERED_BY, selfEndpoint);
        return new OpsHttpException(e.status(), e.errorCode(), e.getMessage(), headers);
    }

    /** {@code host:port} as in {@code application.server} (IPv6 literals bracketed). */
    static String endpoint(HostInfo host) {
        String h = host.host();
        return (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + host.port();
    }
}
