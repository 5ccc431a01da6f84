package io.inferstream.recommend;

import io.inferstream.avro.ItemFactorUpdate;
import io.inferstream.avro.ItemFactors;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The item side, on the item's partition: applies each user's learning step to the authoritative q_i (and b_i for
 * ratings), keeps the item's windowed popularity, and publishes the result to the compacted item-factors topic.
 * Every item has exactly one writer, so its updates never race, and items spread over all partitions.
 */
final class ItemUpdateProcessor implements Processor<String, ItemFactorUpdate, String, ItemFactors> {

    private static final Logger log = LoggerFactory.getLogger(ItemUpdateProcessor.class);

    private final MfSettings mf;
    private final long popularityWindowMs;
    private final RecommenderStats stats;
    private ProcessorContext<String, ItemFactors> context;
    private KeyValueStore<String, ItemFactors> state;

    ItemUpdateProcessor(MfSettings mf, long popularityWindowMs, RecommenderStats stats) {
        this.mf = mf;
        this.popularityWindowMs = popularityWindowMs;
        this.stats = stats;
    }

    @Override
    public void init(ProcessorContext<String, ItemFactors> context) {
        this.context = context;
        this.state = context.getStateStore(RecommendStores.ITEM_STATE);
    }

    @Override
    public void process(Record<String, ItemFactorUpdate> record) {
        ItemFactorUpdate u = record.value();
        String itemId = record.key();
        if (u == null || itemId == null) {
            return;
        }
        float[] p = Feeds.toArray(u.getUserFactors());
        if (p.length != mf.factors() || !MfUpdates.allFinite(p) || !Float.isFinite(u.getWeight()) || !Float.isFinite(u.getUserBias())) {
            // Only this topology's user side writes here, and it never sends such a vector: a bug or a foreign producer.
            log.warn("item {}: update from user {} refused ({} factors or non-finite values)", itemId, u.getUserId(), p.length);
            stats.recordRejectedItemUpdate();
            return;
        }
        ItemFactors current = state.get(itemId);
        boolean known = current != null && current.getFactors().size() == mf.factors();
        float[] q = known ? Feeds.toArray(current.getFactors()) : FactorInit.of(itemId, mf);
        float bias = known ? current.getBias() : 0f;
        long version = known ? current.getVersion() : 0L;
        stats.recordStaleness(version - Math.max(0L, u.getSeenVersion()));
        if (u.getRating() == null) {
            MfUpdates.isgd(q, p, u.getWeight(), mf);
        } else {
            float newBias = MfUpdates.rating(q, bias, p, u.getUserBias(), u.getRating(), u.getWeight(), mf);
            bias = Float.isNaN(newBias) ? bias : newBias;
        }
        long eventTime = u.getEventTime().toEpochMilli();
        ItemFactors.Builder next = ItemFactors.newBuilder()
            .setItemId(itemId)
            .setFactors(Feeds.toList(q))
            .setBias(bias)
            .setVersion(version + 1)
            .setUpdatedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
            .setLastEventAt(known && current.getLastEventAt().toEpochMilli() > eventTime ? current.getLastEventAt() : u.getEventTime());
        countPopularity(next, known ? current : null, eventTime, u.getWeight());
        ItemFactors updated = next.build();
        state.put(itemId, updated);
        context.forward(new Record<>(itemId, updated, record.timestamp()));
    }

    /**
     * Weighted events in the current and the previous tumbling event-time window. An item's counts roll only when it
     * gets events, so a forgotten item keeps its last popularity: cheap, and cold-start ranking needs no more.
     */
    private void countPopularity(ItemFactors.Builder next, ItemFactors current, long eventTime, float weight) {
        long window = Math.floorDiv(eventTime, popularityWindowMs) * popularityWindowMs;
        long start = current == null ? window : current.getPopularityWindowStart();
        double cur = current == null ? 0 : current.getPopularityCurrent();
        double prev = current == null ? 0 : current.getPopularityPrevious();
        if (window == start) {
            cur += weight;
        } else if (window == start + popularityWindowMs) {
            prev = cur;
            cur = weight;
            start = window;
        } else if (window > start) {
            prev = 0;
            cur = weight;
            start = window;
        } else if (window == start - popularityWindowMs) {
            prev += weight; // late, but still in the previous window
        }
        next.setPopularityWindowStart(start).setPopularityCurrent(cur).setPopularityPrevious(prev).setPopularity(cur + prev);
    }
}
