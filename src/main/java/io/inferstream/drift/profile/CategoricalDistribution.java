package io.inferstream.drift.profile;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.ByteArrayInputStream;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Value frequencies of one categorical feature, bounded: at most {@link #maxValues()} distinct
 * values (default {@value #DEFAULT_MAX_VALUES}) are counted by name, everything else in one
 * "other" bucket, so a high-cardinality feature (an id passed as a category) cannot grow a state
 * store without limit.
 *
 * <p>Which values get a name: in a stream, the first {@code maxValues} distinct values seen
 * (first come, first counted: exact and mergeable without a frequent-items sketch, and a drifting
 * window whose new values overflow the bound still shows them as mass in "other"); built from
 * complete counts ({@link #ofCounts}), the most frequent ones. Counts are exact.
 *
 * <p>Not thread-safe: one writer per instance.
 */
public final class CategoricalDistribution {

    /** Default bound on named values. */
    public static final int DEFAULT_MAX_VALUES = 100;

    private static final byte FORMAT = 1;

    private final int maxValues;
    private final Map<String, Long> counts = new HashMap<>();
    private long other;
    private long total;

    private CategoricalDistribution(int maxValues) {
        if (maxValues < 1) {
            throw new IllegalArgumentException("maxValues must be positive: " + maxValues);
        }
        this.maxValues = maxValues;
    }

    /** An empty profile with the default bound. */
    public static CategoricalDistribution create() {
        return new CategoricalDistribution(DEFAULT_MAX_VALUES);
    }

    /** An empty profile naming at most {@code maxValues} values. */
    public static CategoricalDistribution create(int maxValues) {
        return new CategoricalDistribution(maxValues);
    }

    /** A profile of {@code values} with the default bound. */
    public static CategoricalDistribution of(String... values) {
        CategoricalDistribution d = create();
        for (String v : values) {
            d.update(v);
        }
        return d;
    }

    /**
     * A profile from complete counts: the {@code maxValues} most frequent values by name (ties: the
     * smaller value in string order), the rest and {@code total - sum(frequencies)} in "other".
     */
    public static CategoricalDistribution ofCounts(Map<String, Long> frequencies, long total, int maxValues) {
        CategoricalDistribution d = new CategoricalDistribution(maxValues);
        long sum = 0;
        for (long c : frequencies.values()) {
            if (c < 0) {
                throw new IllegalArgumentException("negative frequency in " + frequencies);
            }
            sum += c;
        }
        if (total < sum) {
            throw new IllegalArgumentException("total " + total + " is less than the frequencies' sum " + sum);
        }
        frequencies.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(maxValues)
                .forEach(e -> d.counts.put(e.getKey(), e.getValue()));
        d.total = total;
        d.other = total - d.counts.values().stream().mapToLong(Long::longValue).sum();
        return d;
    }

    /** Counts one occurrence of {@code value} (non-null; callers map missing values themselves). */
    public void update(String value) {
        update(value, 1);
    }

    /** Counts {@code n >= 0} occurrences of {@code value}. */
    public void update(String value, long n) {
        if (value == null) {
            throw new IllegalArgumentException("null category");
        }
        if (n < 0) {
            throw new IllegalArgumentException("negative count " + n);
        }
        if (n == 0) {
            return;
        }
        Long current = counts.get(value);
        if (current != null) {
            counts.put(value, current + n);
        } else if (counts.size() < maxValues) {
            counts.put(value, n);
        } else {
            other += n;
        }
        total += n;
    }

    /** Adds everything {@code that} has seen: named values by name (while there is room), its "other" to "other". */
    public void merge(CategoricalDistribution that) {
        new TreeMap<>(that.counts).forEach(this::update);
        other += that.other;
        total += that.other;
    }

    /** Number of values seen. */
    public long count() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** Occurrences per named value, sorted by value. */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    /** Occurrences of values beyond the bound. */
    public long otherCount() {
        return other;
    }

    public int maxValues() {
        return maxValues;
    }

    /** Format 1: version byte, bound, total, other, number of named values, then (UTF value, count) pairs. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 16 * counts.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(maxValues);
            out.writeLong(total);
            out.writeLong(other);
            out.writeInt(counts.size());
            for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #toBytes()}; a clear {@link IllegalArgumentException} for anything else. */
    public static CategoricalDistribution fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown categorical profile format " + format);
            }
            CategoricalDistribution d = new CategoricalDistribution(in.readInt());
            d.total = in.readLong();
            d.other = in.readLong();
            int size = in.readInt();
            if (size < 0 || size > d.maxValues) {
                throw new IllegalArgumentException("categorical profile: " + size + " values for a bound of " + d.maxValues);
            }
            long sum = d.other;
            for (int i = 0; i < size; i++) {
                String value = in.readUTF();
                long count = in.readLong();
                d.counts.put(value, count);
                sum += count;
            }
            if (sum != d.total || in.available() > 0) {
                throw new IllegalArgumentException("categorical profile: counts do not add up to the total " + d.total);
            }
            return d;
        } catch (IOException e) {
            throw new IllegalArgumentException("categorical profile truncated (" + bytes.length + " bytes)", e);
        }
    }

    @Override
    public String toString() {
        return "CategoricalDistribution[n=" + total + ", values=" + counts.size() + ", other=" + other + "]";
    }
}
