package io.inferstream.drift.monitor;

import io.inferstream.avro.DriftReferenceProfile;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the reference profile of a version that has none, on the task that owns the version (bootstrap partials
 * are repartitioned by {@code <model>/<version>}): merges the tasks' partials in a changelogged store until they
 * hold {@code drift.bootstrap.records} rows, then publishes the profile to drift-reference-profiles, from where
 * every instance's global store (and so monitoring) picks it up. A version that got a reference meanwhile (its
 * assets published one) is left alone; a finished version is marked done, so it is published once.
 */
public final class BootstrapBuilder implements Processor<String, BootstrapPartial, String, DriftOutput> {

    private static final Logger log = LoggerFactory.getLogger(BootstrapBuilder.class);
    static final String NAME = "drift-build-bootstrap-profiles";
    private static final byte[] DONE = new byte[0];

    private final int records;
    private final Clock clock;
    private ProcessorContext<String, DriftOutput> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, DriftReferenceProfile> references;

    public BootstrapBuilder(int records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, DriftOutput> context) {
        this.context = context;
        this.store = context.getStateStore(DriftStores.BOOTSTRAP);
        this.references = context.getStateStore(DriftStores.REFERENCES);
    }

    @Override
    public void process(Record<String, BootstrapPartial> record) {
        String key = record.key();
        BootstrapPartial p = record.value();
        if (key == null || p == null) {
            return;
        }
        byte[] stored = store.get(key);
        if (stored != null && stored.length == 0) {
            return;
        }
        if (references.get(key) != null) {
            store.put(key, DONE);
            return;
        }
        if (stored != null) {
            BootstrapPartial merged = BootstrapPartial.fromBytes(stored);
            merged.merge(p);
            p = merged;
        }
        if (p.rows() < records) {
            store.put(key, p.toBytes());
            return;
        }
        DriftReferenceProfile profile = References.fromBootstrap(p, clock.millis());
        log.info("Publishing a bootstrap reference profile for {} from {} rows ({} features, {} outputs)", key, p.rows(),
            profile.getNumericFeatures().size() + profile.getCategoricalFeatures().size(), profile.getOutputs().size());
        context.forward(new Record<>(key, new DriftOutput.Profile(profile), record.timestamp()));
        store.put(key, DONE);
    }
}
