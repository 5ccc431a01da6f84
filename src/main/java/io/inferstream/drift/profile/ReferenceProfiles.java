package io.inferstream.drift.profile;

import io.inferstream.model.CategoricalProfile;
import io.inferstream.model.NumericProfile;
import io.inferstream.model.ReferenceProfile;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts between a model version's {@link ReferenceProfile} (the JSON in its assets) and the
 * drift monitor's profiles, so the stream compares live windows with exactly what the model was
 * trained on.
 */
public final class ReferenceProfiles {

    private ReferenceProfiles() {
    }

    /**
     * The drift monitor's view of a reference profile.
     *
     * @param numericFeatures numeric features by name
     * @param categoricalFeatures categorical features by name
     * @param outputs model outputs by name (prediction drift)
     */
    public record DriftReference(Map<String, NumericDistribution> numericFeatures,
            Map<String, CategoricalDistribution> categoricalFeatures, Map<String, NumericDistribution> outputs) {

        public DriftReference {
            numericFeatures = ordered(numericFeatures);
            categoricalFeatures = ordered(categoricalFeatures);
            outputs = ordered(outputs);
        }
    }

    /** All of {@code profile}'s features and outputs. */
    public static DriftReference of(ReferenceProfile profile) {
        Map<String, NumericDistribution> numeric = new LinkedHashMap<>();
        nullSafe(profile.numericFeatures()).forEach((name, p) -> numeric.put(name, numeric(p)));
        Map<String, CategoricalDistribution> categorical = new LinkedHashMap<>();
        nullSafe(profile.categoricalFeatures()).forEach((name, p) -> categorical.put(name, categorical(p)));
        Map<String, NumericDistribution> outputs = new LinkedHashMap<>();
        nullSafe(profile.outputs()).forEach((name, p) -> outputs.put(name, numeric(p)));
        return new DriftReference(numeric, categorical, outputs);
    }

    /**
     * A numeric reference: its KLL sketch with its count, mean and standard deviation. A profile
     * written before sketches were stored is rebuilt from its sample (a uniform sample of up to
     * 10,000 values: the quantiles are then approximate beyond the sketch's own error).
     */
    public static NumericDistribution numeric(NumericProfile p) {
        byte[] sketch;
        if (p.kllSketch() != null) {
            try {
                sketch = Base64.getDecoder().decode(p.kllSketch());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("reference profile: kllSketch is not base64", e);
            }
        } else if (p.sample() != null && p.sample().length > 0) {
            NumericDistribution fromSample = NumericDistribution.create();
            for (float v : p.sample()) {
                fromSample.update(v);
            }
            sketch = fromSample.sketchBytes();
        } else {
            throw new IllegalArgumentException("reference profile has neither a KLL sketch nor a sample");
        }
        return NumericDistribution.restore(sketch, p.count(), p.mean(), p.std());
    }

    /** A categorical reference: its frequencies, bounded to the most frequent {@link CategoricalDistribution#DEFAULT_MAX_VALUES}. */
    public static CategoricalDistribution categorical(CategoricalProfile p) {
        return CategoricalDistribution.ofCounts(p.frequencies(), p.count(), CategoricalDistribution.DEFAULT_MAX_VALUES);
    }

    /** A model-format numeric profile of {@code d}: percentiles from its sketch, the sketch itself, no sample. */
    public static NumericProfile toModel(NumericDistribution d) {
        if (d.isEmpty()) {
            return new NumericProfile(0, 0, 0, 0, 0, new double[101], new float[0], base64(d.sketchBytes()));
        }
        double[] quantiles = new double[101];
        for (int p = 0; p <= 100; p++) {
            quantiles[p] = d.quantile(p / 100.0);
        }
        return new NumericProfile(d.count(), d.mean(), d.std(), d.min(), d.max(), quantiles, new float[0], base64(d.sketchBytes()));
    }

    /** A model-format categorical profile of {@code d}: the named values; "other" is {@code count} minus their sum. */
    public static CategoricalProfile toModel(CategoricalDistribution d) {
        return new CategoricalProfile(d.count(), d.counts());
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** An unmodifiable copy that keeps {@code map}'s order (columns print in file order). */
    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static <V> Map<String, V> nullSafe(Map<String, V> map) {
        return map == null ? Map.of() : map;
    }
}
