package io.inferstream.drift.monitor;

import io.inferstream.avro.CategoricalCounts;
import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.avro.NumericSketch;
import io.inferstream.drift.profile.CategoricalDistribution;
import io.inferstream.drift.profile.NumericDistribution;
import io.inferstream.drift.profile.ReferenceProfiles;
import io.inferstream.model.ReferenceProfile;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts reference profiles between their three forms: a model version's {@code assets/reference_profile.json}
 * ({@link ReferenceProfile}), the record on the compacted {@code drift-reference-profiles} topic
 * ({@link DriftReferenceProfile}) and the distributions the statistics compare windows with.
 */
public final class References {

    public static final String SOURCE_ASSETS = "assets";
    public static final String SOURCE_BOOTSTRAP = "bootstrap";

    private References() {
    }

    /** The topic record of a version's shipped profile (its KLL sketches as they are, its category counts). */
    public static DriftReferenceProfile fromAssets(ReferenceProfile p, long now) {
        Map<String, NumericSketch> numeric = new LinkedHashMap<>();
        nullSafe(p.numericFeatures()).forEach((name, n) -> numeric.put(name, sketch(ReferenceProfiles.numeric(n))));
        Map<String, CategoricalCounts> categorical = new LinkedHashMap<>();
        nullSafe(p.categoricalFeatures()).forEach((name, c) -> categorical.put(name, counts(ReferenceProfiles.categorical(c))));
        Map<String, NumericSketch> outputs = new LinkedHashMap<>();
        nullSafe(p.outputs()).forEach((name, n) -> outputs.put(name, sketch(ReferenceProfiles.numeric(n))));
        return DriftReferenceProfile.newBuilder().setModel(p.model()).setModelVersion(p.version()).setSource(SOURCE_ASSETS)
            .setRows(p.trainingRows()).setFeatureInputs(new LinkedHashMap<>(nullSafe(p.featureInputs())))
            .setNumericFeatures(numeric).setCategoricalFeatures(categorical).setOutputs(outputs)
            .setCreatedAt(Instant.ofEpochMilli(now)).build();
    }

    /** The topic record of a profile bootstrapped from a version's first scored records. */
    public static DriftReferenceProfile fromBootstrap(BootstrapPartial b, long now) {
        Map<String, NumericSketch> numeric = new LinkedHashMap<>();
        Map<String, CategoricalCounts> categorical = new LinkedHashMap<>();
        Map<String, NumericSketch> outputs = new LinkedHashMap<>();
        b.quantities().forEach((name, p) -> {
            if (p.quantity().kind() == DriftKind.PREDICTION) {
                outputs.put(name, sketch(p.numeric()));
            } else if (p.quantity().categorical()) {
                categorical.put(name, counts(p.categorical()));
            } else {
                numeric.put(name, sketch(p.numeric()));
            }
        });
        Map<String, String> inputs = new LinkedHashMap<>(b.featureInputs());
        inputs.keySet().retainAll(b.quantities().keySet());
        return DriftReferenceProfile.newBuilder().setModel(b.model()).setModelVersion(b.version()).setSource(SOURCE_BOOTSTRAP)
            .setRows(b.rows()).setFeatureInputs(inputs).setNumericFeatures(numeric).setCategoricalFeatures(categorical)
            .setOutputs(outputs).setCreatedAt(Instant.ofEpochMilli(now)).build();
    }

    /**
     * The reference distribution of {@code q} (its segment aside: every segment is compared with the version's
     * reference over all traffic), or null when the profile does not hold it.
     */
    public static WindowPartial referenceOf(DriftReferenceProfile ref, Quantity q) {
        if (q.kind() == DriftKind.PREDICTION) {
            NumericSketch s = ref.getOutputs().get(q.feature());
            return s == null ? null : WindowPartial.ofNumeric(q, numeric(s));
        }
        if (q.categorical()) {
            CategoricalCounts c = ref.getCategoricalFeatures().get(q.feature());
            return c == null ? null : WindowPartial.ofCategorical(q,
                CategoricalDistribution.ofCounts(c.getFrequencies(), c.getCount(), CategoricalDistribution.DEFAULT_MAX_VALUES));
        }
        NumericSketch s = ref.getNumericFeatures().get(q.feature());
        return s == null ? null : WindowPartial.ofNumeric(q, numeric(s));
    }

    static NumericDistribution numeric(NumericSketch s) {
        ByteBuffer b = s.getKllSketch().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return NumericDistribution.restore(bytes, s.getCount(), s.getMean(), s.getStd());
    }

    private static NumericSketch sketch(NumericDistribution d) {
        return NumericSketch.newBuilder().setCount(d.count()).setMean(d.isEmpty() ? 0 : d.mean()).setStd(d.isEmpty() ? 0 : d.std())
            .setKllSketch(ByteBuffer.wrap(d.sketchBytes())).build();
    }

    private static CategoricalCounts counts(CategoricalDistribution d) {
        return CategoricalCounts.newBuilder().setCount(d.count()).setFrequencies(new LinkedHashMap<>(d.counts())).build();
    }

    private static <V> Map<String, V> nullSafe(Map<String, V> m) {
        return m == null ? Map.of() : m;
    }
}
