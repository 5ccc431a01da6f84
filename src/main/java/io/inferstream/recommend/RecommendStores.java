package io.inferstream.recommend;

/** Names of the recommendation topology's state stores, shared by the topology and the interactive queries. */
public final class RecommendStores {

    /** User-partitioned {@code KeyValueStore<String, UserProfile>}: p_u, b_u, recent items. */
    public static final String USER_PROFILES = "recommend-user-profiles";

    /** Item-partitioned {@code KeyValueStore<String, ItemFactors>}: the authoritative q_i, b_i and popularity. */
    public static final String ITEM_STATE = "recommend-item-state";

    /** Global {@code KeyValueStore<String, ItemFactors>} read from the compacted item-factors topic on every instance. */
    public static final String ITEM_FACTORS_GLOBAL = "recommend-item-factors";

    /** User-partitioned store of users whose feed is due (debounce), keyed by user id. */
    public static final String PENDING_FEEDS = "recommend-pending-feeds";

    private RecommendStores() {
    }
}
