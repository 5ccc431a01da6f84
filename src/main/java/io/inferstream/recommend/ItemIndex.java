package io.inferstream.recommend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Every item's factors in one contiguous {@code float[]} (row-major, {@code factors} values per row), for top-K
 * scans at memory speed. One instance per running topology, filled by the global item-factors store's processor and
 * read by the stream threads and the HTTP queries.
 *
 * <p>Concurrency: one writer (the global stream thread), any number of readers, no lock on the read path. Arrays
 * only grow; a grow copies them and publishes the copy through a volatile field. An in-place row update may be
 * seen half-applied by a concurrent scan (a mix of an item's previous and new values, all finite): acceptable for
 * ranking, and the next scan sees the new row.
 */
public final class ItemIndex {

    private static final int INITIAL_CAPACITY = 1024;

    private final int factors;
    private final Map<String, Integer> rowOf = new ConcurrentHashMap<>();
    private volatile Rows rows;

    /** The arrays, swapped as a whole when they grow. {@code size} rows are in use. */
    private record Rows(float[] data, float[] bias, double[] popularity, long[] version, String[] ids, int size) {
    }

    public ItemIndex(int factors) {
        if (factors < 1) {
            throw new IllegalArgumentException("factors must be >= 1, got " + factors);
        }
        this.factors = factors;
        this.rows = new Rows(new float[INITIAL_CAPACITY * factors], new float[INITIAL_CAPACITY], new double[INITIAL_CAPACITY],
            new long[INITIAL_CAPACITY], new String[INITIAL_CAPACITY], 0);
    }

    public int factors() {
        return factors;
    }

    public int size() {
        return rows.size();
    }

    /**
     * Adds or replaces an item (single writer only). Vectors of the wrong length or with non-finite values are
     * refused with an exception, so a scan never meets NaN.
     */
    public void upsert(String itemId, float[] itemFactors, float bias, double popularity, long version) {
        if (itemFactors.length != factors) {
            throw new IllegalArgumentException("item " + itemId + " has " + itemFactors.length + " factors, the index " + factors);
        }
        if (!MfUpdates.allFinite(itemFactors) || !Float.isFinite(bias) || !Double.isFinite(popularity)) {
            throw new IllegalArgumentException("item " + itemId + " has non-finite factors, bias or popularity");
        }
        Integer existing = rowOf.get(itemId);
        Rows r = rows;
        int row;
        if (existing != null) {
            row = existing;
        } else {
            row = r.size();
            if (row == r.ids().length) {
                r = grow(r);
            }
        }
        System.arraycopy(itemFactors, 0, r.data(), row * factors, factors);
        r.bias()[row] = bias;
        r.popularity()[row] = popularity;
        r.version()[row] = version;
        r.ids()[row] = itemId;
        if (existing == null) {
            rows = new Rows(r.data(), r.bias(), r.popularity(), r.version(), r.ids(), row + 1);
            rowOf.put(itemId, row);
        }
    }

    /** The item's factors (a copy), if known. */
    public Optional<float[]> factorsOf(String itemId) {
        Integer row = rowOf.get(itemId);
        if (row == null) {
            return Optional.empty();
        }
        float[] out = new float[factors];
        System.arraycopy(rows.data(), row * factors, out, 0, factors);
        return Optional.of(out);
    }

    public float biasOf(String itemId) {
        Integer row = rowOf.get(itemId);
        return row == null ? 0f : rows.bias()[row];
    }

    /** Version of the item's factors held here, -1 when unknown. */
    public long versionOf(String itemId) {
        Integer row = rowOf.get(itemId);
        return row == null ? -1L : rows.version()[row];
    }

    /**
     * The k items with the highest {@code user . q_i + b_i}, best first, skipping excluded items. The exclusion test
     * runs only for items that would enter the current top k, so a small seen-set costs almost nothing.
     */
    public List<Scored> topK(float[] user, int k, Predicate<String> exclude) {
        if (user.length != factors) {
            throw new IllegalArgumentException("user vector has " + user.length + " values, the index " + factors);
        }
        Rows r = rows;
        TopK top = new TopK(k);
        float[] data = r.data();
        float[] bias = r.bias();
        String[] ids = r.ids();
        int n = r.size();
        int row = 0;
        // Four rows at a time: each row's sum is its own chain of dependent adds, so one row at a time leaves the
        // CPU waiting on add latency; four independent chains keep it busy. Every score is summed in the same
        // order as one row at a time (bit-identical), and rows are offered in row order, so the result is the same.
        for (int base = 0; row + 3 < n; row += 4, base += 4 * factors) {
            float s0 = bias[row];
            float s1 = bias[row + 1];
            float s2 = bias[row + 2];
            float s3 = bias[row + 3];
            for (int j = 0, b1 = base + factors, b2 = b1 + factors, b3 = b2 + factors; j < factors; j++) {
                float u = user[j];
                s0 += u * data[base + j];
                s1 += u * data[b1 + j];
                s2 += u * data[b2 + j];
                s3 += u * data[b3 + j];
            }
            offer(top, row, s0, ids, exclude);
            offer(top, row + 1, s1, ids, exclude);
            offer(top, row + 2, s2, ids, exclude);
            offer(top, row + 3, s3, ids, exclude);
        }
        for (int base = row * factors; row < n; row++, base += factors) {
            float score = bias[row];
            for (int j = 0; j < factors; j++) {
                score += user[j] * data[base + j];
            }
            offer(top, row, score, ids, exclude);
        }
        return collect(r, top);
    }

    private static void offer(TopK top, int row, float score, String[] ids, Predicate<String> exclude) {
        if (score > top.threshold() && !exclude.test(ids[row])) {
            top.offer(row, score);
        }
    }

    /**
     * Every item's {@code user . q_i} (without bias) into {@code out}, in row order, and the number of rows written: the
     * plain dot-product scan over the same matrix that {@link #topK} runs, without heap or exclusion, i.e. the
     * memory-bandwidth floor that top-K latency is compared against. {@code out} must hold {@link #size()} values.
     */
    public int scoreAll(float[] user, float[] out) {
        if (user.length != factors) {
            throw new IllegalArgumentException("user vector has " + user.length + " values, the index " + factors);
        }
        Rows r = rows;
        int n = r.size();
        if (out.length < n) {
            throw new IllegalArgumentException("out holds " + out.length + " values, the index has " + n + " items");
        }
        float[] data = r.data();
        for (int row = 0, base = 0; row < n; row++, base += factors) {
            float score = 0f;
            for (int j = 0; j < factors; j++) {
                score += user[j] * data[base + j];
            }
            out[row] = score;
        }
        return n;
    }

    /**
     * Writes the Gramian {@code sum_i q_i q_i^T} of every item's factors into {@code out} ({@code factors x factors}),
     * for the user-side refit ({@link ItemGramian}).
     *
     * @return the number of items summed
     */
    public int gramian(double[][] out) {
        if (out.length != factors) {
            throw new IllegalArgumentException("out has " + out.length + " rows, the index " + factors + " factors");
        }
        Rows r = rows;
        float[] data = r.data();
        for (double[] row : out) {
            java.util.Arrays.fill(row, 0);
        }
        int n = r.size();
        for (int row = 0, base = 0; row < n; row++, base += factors) {
            for (int i = 0; i < factors; i++) {
                double qi = data[base + i];
                double[] o = out[i];
                for (int j = i; j < factors; j++) {
                    o[j] += qi * data[base + j];
                }
            }
        }
        for (int i = 0; i < factors; i++) {
            for (int j = 0; j < i; j++) {
                out[i][j] = out[j][i];
            }
        }
        return n;
    }

    /** The k items most similar to {@code itemId} by cosine similarity of their factors; empty for an unknown item. */
    public List<Scored> similar(String itemId, int k) {
        Integer self = rowOf.get(itemId);
        if (self == null) {
            return List.of();
        }
        Rows r = rows;
        float[] data = r.data();
        float[] q = new float[factors];
        System.arraycopy(data, self * factors, q, 0, factors);
        double qNorm = Math.sqrt(MfUpdates.dot(q, q));
        TopK top = new TopK(k);
        for (int row = 0, base = 0; row < r.size(); row++, base += factors) {
            if (row == self) {
                continue;
            }
            float dot = 0f;
            float norm2 = 0f;
            for (int j = 0; j < factors; j++) {
                dot += q[j] * data[base + j];
                norm2 += data[base + j] * data[base + j];
            }
            double denominator = qNorm * Math.sqrt(norm2);
            top.offer(row, denominator > 0 ? (float) (dot / denominator) : 0f);
        }
        return collect(r, top);
    }

    /** The k most popular items (windowed event counts), skipping excluded ones. */
    public List<Scored> popular(int k, Predicate<String> exclude) {
        Rows r = rows;
        TopK top = new TopK(k);
        for (int row = 0; row < r.size(); row++) {
            float score = (float) r.popularity()[row];
            if (score > top.threshold() && !exclude.test(r.ids()[row])) {
                top.offer(row, score);
            }
        }
        return collect(r, top);
    }

    private static List<Scored> collect(Rows r, TopK top) {
        int[] bestRows = new int[top.size()];
        float[] bestScores = new float[top.size()];
        int n = top.bestFirst(bestRows, bestScores);
        List<Scored> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Scored(r.ids()[bestRows[i]], bestScores[i]));
        }
        return out;
    }

    private Rows grow(Rows r) {
        int capacity = r.ids().length * 2;
        float[] data = java.util.Arrays.copyOf(r.data(), capacity * factors);
        Rows grown = new Rows(data, java.util.Arrays.copyOf(r.bias(), capacity), java.util.Arrays.copyOf(r.popularity(), capacity),
            java.util.Arrays.copyOf(r.version(), capacity), java.util.Arrays.copyOf(r.ids(), capacity), r.size());
        rows = grown;
        return grown;
    }
}
