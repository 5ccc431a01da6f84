package io.inferstream.recommend.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.inferstream.recommend.ItemIndex;
import io.inferstream.recommend.Scored;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Per-query latency of {@link ItemIndex#topK} against the plain dot-product scan over the same matrix
 * ({@link ItemIndex#scoreAll}: every score into a {@code float[]}, no heap, no exclusion), the memory-bandwidth floor.
 *
 * <p>Both run in the same loop, query by query on the same random user vector, so they share the machine's state
 * (caches, frequency, other load); each query's user has a small seen set to exclude. A warm-up of the same loop
 * runs first so both paths are JIT-compiled, and every result feeds a sink the JIT cannot prove dead. Written by hand
 * rather than with JMH because the issue asks for per-query percentiles of the two paths side by side in one run.
 */
public final class TopKBench {

    private TopKBench() {
    }

    /**
     * @param itemCounts     index sizes to measure, in order
     * @param factors        factors per item
     * @param k              top-K size
     * @param seenPerUser    items excluded per query (the user's seen set)
     * @param warmupSeconds  warm-up per index size
     * @param measureSeconds measurement per index size (both paths together)
     * @param maxQueries     stop measuring after this many queries even if time is left
     * @param seed           seed of the item factors, user vectors and seen sets
     */
    public record Options(List<Integer> itemCounts, int factors, int k, int seenPerUser, double warmupSeconds,
                          double measureSeconds, int maxQueries, long seed) {
        public Options {
            itemCounts = List.copyOf(itemCounts);
            if (itemCounts.isEmpty() || itemCounts.stream().anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("item counts must be >= 1, got " + itemCounts);
            }
            if (factors < 1 || k < 1 || seenPerUser < 0 || maxQueries < 1) {
                throw new IllegalArgumentException("factors, k and maxQueries must be >= 1, seenPerUser >= 0");
            }
            if (!(warmupSeconds >= 0) || !(measureSeconds > 0)) {
                throw new IllegalArgumentException("warm-up must be >= 0 s and measurement > 0 s");
            }
        }

        /** 10k and 100k items, k = 32, 20 seen items per query, 1 s warm-up and 4 s measurement per size. */
        public static Options full(int factors) {
            return new Options(List.of(10_000, 100_000), factors, 32, 20, 1.0, 4.0, 20_000, 42L);
        }

        /** As {@link #full} with 0.5 s warm-up and 1.5 s measurement per size. */
        public static Options quick(int factors) {
            return new Options(List.of(10_000, 100_000), factors, 32, 20, 0.5, 1.5, 10_000, 42L);
        }
    }

    /**
     * One index size's latencies in milliseconds.
     *
     * @param p50Ms     median top-K latency
     * @param p99Ms     99th percentile top-K latency
     * @param scanMs    median latency of the plain scan over the same matrix
     * @param scanP99Ms 99th percentile latency of the plain scan
     * @param queries   queries measured (each ran both paths)
     */
    @JsonPropertyOrder({"p50_ms", "p99_ms", "scan_ms", "scan_p99_ms", "queries"})
    public record Latency(@JsonProperty("p50_ms") double p50Ms, @JsonProperty("p99_ms") double p99Ms,
                          @JsonProperty("scan_ms") double scanMs, @JsonProperty("scan_p99_ms") double scanP99Ms,
                          @JsonProperty("queries") int queries) {

        /** Median top-K latency over the median scan latency (the target: at most 2). */
        public double ratioToScan() {
            return p50Ms / scanMs;
        }
    }

    /** Measures every size of {@code options.itemCounts()}; keys are the item counts as strings, in order. */
    public static Map<String, Latency> run(Options options) {
        Map<String, Latency> out = new LinkedHashMap<>();
        for (int items : options.itemCounts()) {
            out.put(Integer.toString(items), measure(items, options));
        }
        return out;
    }

    static Latency measure(int items, Options options) {
        SplittableRandom random = new SplittableRandom(options.seed() ^ items);
        ItemIndex index = new ItemIndex(options.factors());
        String[] ids = new String[items];
        for (int i = 0; i < items; i++) {
            ids[i] = "i" + i;
            index.upsert(ids[i], gaussian(options.factors(), 0.1, random), 0f, 0, 1);
        }
        int pool = 256;
        float[][] users = new float[pool][];
        List<Set<String>> seen = new ArrayList<>(pool);
        for (int u = 0; u < pool; u++) {
            users[u] = gaussian(options.factors(), 1.0, random);
            Set<String> s = new HashSet<>();
            while (s.size() < Math.min(options.seenPerUser(), items)) {
                s.add(ids[random.nextInt(items)]);
            }
            seen.add(s);
        }
        float[] scores = new float[items];
        Sink sink = new Sink();
        loop(index, users, seen, scores, options, (long) (options.warmupSeconds() * 1e9), Integer.MAX_VALUE, null, null, sink);
        long[] topK = new long[options.maxQueries()];
        long[] scan = new long[options.maxQueries()];
        int n = loop(index, users, seen, scores, options, (long) (options.measureSeconds() * 1e9), options.maxQueries(), topK,
            scan, sink);
        sink.check();
        long[] t = Arrays.copyOf(topK, n);
        long[] s = Arrays.copyOf(scan, n);
        Arrays.sort(t);
        Arrays.sort(s);
        return new Latency(millis(percentile(t, 0.50)), millis(percentile(t, 0.99)), millis(percentile(s, 0.50)),
            millis(percentile(s, 0.99)), n);
    }

    /** Runs queries for {@code nanos} or {@code max} queries; records per-query nanos when arrays are given. */
    private static int loop(ItemIndex index, float[][] users, List<Set<String>> seen, float[] scores, Options options,
                            long nanos, int max, long[] topKNanos, long[] scanNanos, Sink sink) {
        long end = System.nanoTime() + nanos;
        int q = 0;
        while (q < max && (q < 10 || System.nanoTime() < end)) {
            int u = q % users.length;
            Set<String> excluded = seen.get(u);
            long t0 = System.nanoTime();
            List<Scored> top = index.topK(users[u], options.k(), excluded::contains);
            long t1 = System.nanoTime();
            int written = index.scoreAll(users[u], scores);
            long t2 = System.nanoTime();
            sink.consume(top.get(0).score(), scores[q % written]);
            if (topKNanos != null) {
                topKNanos[q] = t1 - t0;
                scanNanos[q] = t2 - t1;
            }
            q++;
        }
        return q;
    }

    private static float[] gaussian(int n, double scale, SplittableRandom random) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    private static long percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Keeps every result observable so the JIT cannot drop the work that produced it. */
    private static final class Sink {
        private double sum;

        void consume(double a, float b) {
            sum += a + b;
        }

        void check() {
            Objects.requireNonNull(Double.valueOf(sum));
            if (sum == Double.MIN_VALUE) {
                throw new IllegalStateException("unreachable sink value " + sum);
            }
        }
    }
}
