package io.inferstream.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ItemIndexTest {

    private static final int F = 8;

    private static float[] random(SplittableRandom random) {
        float[] v = new float[F];
        for (int i = 0; i < F; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static ItemIndex filled(int items, SplittableRandom random, List<float[]> vectors, float[] biases) {
        ItemIndex index = new ItemIndex(F);
        for (int i = 0; i < items; i++) {
            float[] v = random(random);
            vectors.add(v);
            biases[i] = (float) random.nextGaussian() * 0.1f;
            index.upsert("i" + i, v, biases[i], i, 1);
        }
        return index;
    }

    /** The same ranking computed the obvious way: score every item, sort, skip excluded. */
    private static List<String> bruteForce(float[] user, List<float[]> vectors, float[] biases, int k, Set<String> exclude) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            if (!exclude.contains("i" + i)) {
                rows.add(i);
            }
        }
        rows.sort(Comparator.<Integer>comparingDouble(i -> -score(user, vectors.get(i), biases[i])).thenComparing(i -> i));
        return rows.stream().limit(k).map(i -> "i" + i).toList();
    }

    private static float score(float[] user, float[] item, float bias) {
        float s = bias;
        for (int j = 0; j < F; j++) {
            s += user[j] * item[j];
        }
        return s;
    }

    @Test
    void shouldRankLikeABruteForceScan() {
        SplittableRandom random = new SplittableRandom(1);
        List<float[]> vectors = new ArrayList<>();
        float[] biases = new float[3000];
        ItemIndex index = filled(3000, random, vectors, biases);
        for (int query = 0; query < 50; query++) {
            float[] user = random(random);
            for (int k : new int[] {1, 10, 32}) {
                assertThat(index.topK(user, k, id -> false).stream().map(Scored::itemId).toList())
                    .isEqualTo(bruteForce(user, vectors, biases, k, Set.of()));
            }
        }
    }

    @Test
    void shouldScoreEveryRowExactlyAsOneRowAtATimeWhateverTheCountModuloFour() {
        for (int items = 1; items <= 9; items++) {
            SplittableRandom random = new SplittableRandom(items);
            List<float[]> vectors = new ArrayList<>();
            float[] biases = new float[items];
            ItemIndex index = filled(items, random, vectors, biases);
            float[] user = random(random);
            Set<String> exclude = Set.of("i1");
            List<Scored> top = index.topK(user, items, exclude::contains);
            assertThat(top.stream().map(Scored::itemId).toList()).isEqualTo(bruteForce(user, vectors, biases, items, exclude));
            for (Scored s : top) {
                int row = Integer.parseInt(s.itemId().substring(1));
                assertThat((float) s.score()).isEqualTo(score(user, vectors.get(row), biases[row]));
            }
        }
    }

    @Test
    void shouldSkipExcludedItems() {
        SplittableRandom random = new SplittableRandom(2);
        List<float[]> vectors = new ArrayList<>();
        float[] biases = new float[500];
        ItemIndex index = filled(500, random, vectors, biases);
        float[] user = random(random);
        Set<String> exclude = new HashSet<>(bruteForce(user, vectors, biases, 15, Set.of()).subList(0, 15));
        List<String> top = index.topK(user, 10, exclude::contains).stream().map(Scored::itemId).toList();
        assertThat(top).hasSize(10).doesNotContainAnyElementsOf(exclude);
        assertThat(top).isEqualTo(bruteForce(user, vectors, biases, 10, exclude));
        assertThat(index.popular(5, exclude::contains)).extracting(Scored::itemId).doesNotContainAnyElementsOf(exclude);
    }

    @Test
    void shouldReturnFewerThanKWhenFewerItemsAreLeft() {
        ItemIndex index = new ItemIndex(F);
        assertThat(index.topK(new float[F], 5, id -> false)).isEmpty();
        index.upsert("a", new float[F], 0f, 1, 1);
        index.upsert("b", new float[F], 0f, 2, 1);
        assertThat(index.topK(new float[F], 5, "a"::equals)).extracting(Scored::itemId).containsExactly("b");
        assertThat(index.popular(5, id -> false)).extracting(Scored::itemId).containsExactly("b", "a");
    }

    @Test
    void shouldGrowPastItsInitialCapacityAndKeepEveryItem() {
        SplittableRandom random = new SplittableRandom(3);
        List<float[]> vectors = new ArrayList<>();
        float[] biases = new float[5000];
        ItemIndex index = filled(5000, random, vectors, biases);
        assertThat(index.size()).isEqualTo(5000);
        for (int i = 0; i < 5000; i += 499) {
            float[] expected = vectors.get(i);
            assertThat(index.factorsOf("i" + i)).hasValueSatisfying(v -> assertThat(v).containsExactly(expected));
        }
        float[] user = random(random);
        assertThat(index.topK(user, 20, id -> false).stream().map(Scored::itemId).toList())
            .isEqualTo(bruteForce(user, vectors, biases, 20, Set.of()));
    }

    @Test
    void shouldReplaceAnExistingItemInPlace() {
        ItemIndex index = new ItemIndex(F);
        float[] a = new float[F];
        a[0] = 1f;
        index.upsert("x", a, 0f, 1, 1);
        float[] b = new float[F];
        b[1] = 2f;
        index.upsert("x", b, 0.5f, 3, 7);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.factorsOf("x")).hasValueSatisfying(v -> assertThat(v).containsExactly(b));
        assertThat(index.versionOf("x")).isEqualTo(7);
        assertThat(index.biasOf("x")).isEqualTo(0.5f);
    }

    @Test
    void shouldRefuseNonFiniteOrMisshapenFactors() {
        ItemIndex index = new ItemIndex(F);
        float[] nan = new float[F];
        nan[3] = Float.NaN;
        assertThatThrownBy(() -> index.upsert("x", nan, 0f, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.upsert("x", new float[F], Float.POSITIVE_INFINITY, 0, 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.upsert("x", new float[F + 1], 0f, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.topK(new float[F - 1], 3, id -> false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(index.size()).isZero();
    }

    @Test
    void shouldComputeEveryScoreInTheScan() {
        SplittableRandom random = new SplittableRandom(4);
        List<float[]> vectors = new ArrayList<>();
        float[] biases = new float[100];
        ItemIndex index = filled(100, random, vectors, biases);
        float[] user = random(random);
        float[] out = new float[100];
        assertThat(index.scoreAll(user, out)).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(out[i]).isEqualTo(score(user, vectors.get(i), 0f));
        }
        assertThatThrownBy(() -> index.scoreAll(user, new float[10])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSumEveryItemsOuterProductIntoTheGramian() {
        List<float[]> vectors = new ArrayList<>();
        ItemIndex index = filled(1_100, new SplittableRandom(11), vectors, new float[1_100]);
        double[][] gram = new double[F][F];

        int count = index.gramian(gram);

        assertThat(count).isEqualTo(1_100);
        for (int i = 0; i < F; i++) {
            for (int j = 0; j < F; j++) {
                double g = 0;
                for (float[] v : vectors) {
                    g += (double) v[i] * v[j];
                }
                assertThat(gram[i][j]).isCloseTo(g, within(1e-6));
            }
        }
        assertThatThrownBy(() -> index.gramian(new double[F - 1][F])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRecomputeTheGramianAfterDoublingReadsUpToTheRefreshInterval() {
        ItemIndex index = new ItemIndex(1);
        ItemGramian gramian = new ItemGramian(index, 4);
        List<Long> refreshedAt = new ArrayList<>();
        double last = -1;
        for (long read = 0; read < 20; read++) {
            // One more item of value 1 before every read: the Gramian is the item count when it was recomputed.
            index.upsert("i" + read, new float[] {1f}, 0f, 1, 1);
            double g = gramian.current().gram()[0][0];
            if (g != last) {
                refreshedAt.add(read);
                last = g;
            }
            assertThat(gramian.count()).isEqualTo((int) g);
        }

        assertThat(refreshedAt).containsExactly(0L, 1L, 2L, 4L, 8L, 12L, 16L);
        assertThatThrownBy(() -> new ItemGramian(index, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFindSimilarItemsByCosine() {
        ItemIndex index = new ItemIndex(2);
        index.upsert("a", new float[] {1f, 0f}, 0f, 0, 1);
        index.upsert("b", new float[] {10f, 1f}, 0f, 0, 1);
        index.upsert("c", new float[] {0f, 1f}, 0f, 0, 1);
        index.upsert("d", new float[] {-1f, 0f}, 0f, 0, 1);
        assertThat(index.similar("a", 3)).extracting(Scored::itemId).containsExactly("b", "c", "d");
        assertThat(index.similar("unknown", 3)).isEmpty();
    }

    @Test
    void shouldShowConcurrentReadersOnlyFiniteScoresWhileOneWriterUpdatesAndGrows() throws Exception {
        ItemIndex index = new ItemIndex(F);
        SplittableRandom seed = new SplittableRandom(5);
        for (int i = 0; i < 100; i++) {
            index.upsert("i" + i, random(seed), 0f, i, 1);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            SplittableRandom random = seed.split();
            Thread reader = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        for (Scored s : index.topK(random(random), 10, id -> false)) {
                            if (!Double.isFinite(s.score()) || s.itemId() == null) {
                                throw new AssertionError("reader saw " + s);
                            }
                        }
                        for (Scored s : index.similar("i" + random.nextInt(100), 5)) {
                            if (!Double.isFinite(s.score())) {
                                throw new AssertionError("similar saw " + s);
                            }
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            reader.start();
            readers.add(reader);
        }
        try {
            SplittableRandom random = seed.split();
            for (int step = 0; step < 20_000; step++) {
                // Rewrites existing rows and adds new ones, so the arrays grow under the readers' feet.
                String id = "i" + (step % 3 == 0 ? 100 + step : random.nextInt(100 + step));
                index.upsert(id, random(random), (float) random.nextGaussian(), step, step);
            }
        } finally {
            stop.set(true);
            for (Thread reader : readers) {
                reader.join(10_000);
            }
        }
        assertThat(failure.get()).isNull();
        assertThat(index.size()).isGreaterThan(6_000);
    }
}
