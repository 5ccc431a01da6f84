package io.inferstream.drift.monitor;

import io.inferstream.avro.DriftReferenceProfile;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global reference store equal to the compacted drift-reference-profiles topic (a tombstone deletes). */
public final class ReferenceStoreUpdater implements Processor<String, DriftReferenceProfile, Void, Void> {

    private KeyValueStore<String, DriftReferenceProfile> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(DriftStores.REFERENCES);
    }

    @Override
    public void process(Record<String, DriftReferenceProfile> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
