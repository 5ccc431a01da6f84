package io.inferstream.recommend;

import io.inferstream.avro.ItemFactors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global item-factors store and this instance's {@link ItemIndex} in step, on the global stream thread
 * (the index's single writer).
 *
 * <p>Restarts: Kafka Streams 4.1 passes records through this processor when it restores the global store from the
 * topic, but only those after the store's checkpoint; a persistent store restored from its checkpoint holds items
 * this instance's fresh, empty index has never seen. So {@link #init} loads the whole restored store into the
 * index (upserts are idempotent, so items the restore already passed through cost a copy, nothing more).
 */
final class ItemFactorsGlobalProcessor implements Processor<String, ItemFactors, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(ItemFactorsGlobalProcessor.class);

    private final ItemIndex index;
    private final RecommenderStats stats;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, ItemFactors> store;

    ItemFactorsGlobalProcessor(ItemIndex index, RecommenderStats stats) {
        this.index = index;
        this.stats = stats;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(RecommendStores.ITEM_FACTORS_GLOBAL);
        int loaded = 0;
        try (KeyValueIterator<String, ItemFactors> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, ItemFactors> e = it.next();
                loaded += upsert(e.key, e.value) ? 1 : 0;
            }
        }
        log.info("Item index loaded from the global store: {} items", loaded);
    }

    @Override
    public void process(Record<String, ItemFactors> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            // Inferstream never deletes items; a tombstone from elsewhere only leaves the store (the index keeps the row).
            store.delete(record.key());
            return;
        }
        if (upsert(record.key(), record.value())) {
            store.put(record.key(), record.value());
            stats.recordVisibilityLag(context.currentSystemTimeMs() - record.value().getUpdatedAt().toEpochMilli());
        }
    }

    private boolean upsert(String itemId, ItemFactors f) {
        float[] q = Feeds.toArray(f.getFactors());
        if (q.length != index.factors() || !MfUpdates.allFinite(q) || !Float.isFinite(f.getBias()) || !Double.isFinite(f.getPopularity())) {
            log.warn("item {}: factors refused by the item index ({} values or non-finite)", itemId, q.length);
            return false;
        }
        index.upsert(itemId, q, f.getBias(), f.getPopularity(), f.getVersion());
        return true;
    }
}
