package io.inferstream.drift.monitor;

import io.inferstream.avro.DriftKind;
import java.util.Objects;

/**
 * One monitored quantity: a feature or an output of one model version, in all traffic or in one segment.
 *
 * @param model       model name
 * @param version     model version
 * @param kind        FEATURE (an input) or PREDICTION (an output)
 * @param feature     feature or output name, as in the reference profile
 * @param segment     the segment feature's value, or null for all traffic
 * @param categorical whether its values are categories (frequencies) rather than numbers (sketch)
 */
public record Quantity(String model, long version, DriftKind kind, String feature, String segment, boolean categorical) {

    public Quantity {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(feature, "feature");
    }

    /** {@code <model>/<version>}: the key of a version's reference profile. */
    public static String versionKey(String model, long version) {
        return model + "/" + version;
    }

    public String versionKey() {
        return versionKey(model, version);
    }

    /**
     * {@code <model>/<version>/<feature>[/<segment>]}: the repartition key (one task merges a quantity's windows)
     * and the prefix of its alert id.
     */
    public String groupKey() {
        return versionKey() + "/" + feature + (segment == null ? "" : "/" + segment);
    }

    /** The same quantity in a segment. */
    public Quantity inSegment(String value) {
        return new Quantity(model, version, kind, feature, value, categorical);
    }
}
