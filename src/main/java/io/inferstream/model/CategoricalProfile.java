package io.inferstream.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * Value frequencies of one categorical feature over a reference data set.
 *
 * @param count number of values
 * @param frequencies occurrences per value (values as strings, so JSON keys stay readable)
 */
public record CategoricalProfile(long count, Map<String, Long> frequencies) {

    public CategoricalProfile {
        frequencies = java.util.Collections.unmodifiableMap(new TreeMap<>(frequencies));
    }

    public static CategoricalProfile of(long[] values) {
        Map<String, Long> counts = new TreeMap<>();
        for (long v : values) {
            counts.merge(Long.toString(v), 1L, Long::sum);
        }
        return new CategoricalProfile(values.length, counts);
    }
}
