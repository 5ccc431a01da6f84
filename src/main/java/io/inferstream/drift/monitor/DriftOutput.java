package io.inferstream.drift.monitor;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.DriftReferenceProfile;

/** What the drift topology's processors emit; the topology routes each kind to its topic. */
public sealed interface DriftOutput {

    /** A task's share of one quantity's window, on its way to the quantity's owner. */
    record Partial(WindowPartial partial) implements DriftOutput { }

    /** A task's share of a version's bootstrap profile, on its way to the version's owner. */
    record Bootstrap(BootstrapPartial partial) implements DriftOutput { }

    /** An input that cannot be read. */
    record Dead(DeadLetter deadLetter) implements DriftOutput { }

    /** One statistic of a closed window. */
    record Metric(DriftMetric metric) implements DriftOutput { }

    /** An alert's state change. */
    record Alert(DriftAlert alert) implements DriftOutput { }

    /** Predictions or labels on their way to the label join, keyed by their requests' bucket ({@code JoinInput.bucket}). */
    record Join(java.util.List<io.inferstream.drift.label.JoinInput.Entry> entries) implements DriftOutput { }

    /** A reference profile to publish. */
    record Profile(DriftReferenceProfile profile) implements DriftOutput { }
}
