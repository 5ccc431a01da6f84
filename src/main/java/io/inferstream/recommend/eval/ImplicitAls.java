package io.inferstream.recommend.eval;

import io.inferstream.avro.UserEvent;
import io.inferstream.recommend.Cholesky;
import io.inferstream.recommend.ItemIndex;
import io.inferstream.recommend.Scored;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The offline reference: implicit-feedback matrix factorization by alternating least squares (Hu, Koren and
 * Volinsky 2008), the standard batch model for positive-only data. Every (user, item) cell is fitted, observed ones
 * to 1 with confidence {@code 1 + alpha * count}, all others to 0 with confidence 1, so unlike ISGD's positive-only
 * loss it cannot drift to the trivial "every p.q = 1" solution when fitted for many epochs.
 *
 * <p>Written here because it is some fifty lines on top of a small Cholesky solve ({@link Cholesky}); no library on the classpath
 * offers implicit ALS. Scoring goes through an {@link ItemIndex} like the online model; users it never met get the
 * prefix's most popular items.
 */
final class ImplicitAls {

    private final ItemIndex index;
    private final Map<String, float[]> users;

    private ImplicitAls(ItemIndex index, Map<String, float[]> users) {
        this.index = index;
        this.users = users;
    }

    /**
     * @param factors        latent dimensions
     * @param iterations     alternating sweeps (users then items)
     * @param regularization L2 penalty lambda
     * @param alpha          confidence per observation
     */
    static ImplicitAls fit(List<UserEvent> events, int factors, int iterations, double regularization, double alpha,
                           long seed) {
        Map<String, Integer> userRow = new HashMap<>();
        Map<String, Integer> itemRow = new HashMap<>();
        List<String> itemIds = new ArrayList<>();
        List<String> userIds = new ArrayList<>();
        List<Map<Integer, Integer>> byUser = new ArrayList<>();
        for (UserEvent e : events) {
            int u = userRow.computeIfAbsent(e.getUserId(), id -> {
                userIds.add(id);
                byUser.add(new HashMap<>());
                return userIds.size() - 1;
            });
            int i = itemRow.computeIfAbsent(e.getItemId(), id -> {
                itemIds.add(id);
                return itemIds.size() - 1;
            });
            byUser.get(u).merge(i, 1, Integer::sum);
        }
        int[][] userItems = new int[userIds.size()][];
        float[][] userConf = new float[userIds.size()][];
        List<List<int[]>> byItem = new ArrayList<>();
        for (int i = 0; i < itemIds.size(); i++) {
            byItem.add(new ArrayList<>());
        }
        double[] counts = new double[itemIds.size()];
        for (int u = 0; u < userIds.size(); u++) {
            Map<Integer, Integer> m = byUser.get(u);
            userItems[u] = new int[m.size()];
            userConf[u] = new float[m.size()];
            int k = 0;
            for (Map.Entry<Integer, Integer> e : m.entrySet()) {
                userItems[u][k] = e.getKey();
                userConf[u][k] = (float) (alpha * e.getValue());
                byItem.get(e.getKey()).add(new int[] {u, e.getValue()});
                counts[e.getKey()] += e.getValue();
                k++;
            }
        }
        int[][] itemUsers = new int[itemIds.size()][];
        float[][] itemConf = new float[itemIds.size()][];
        for (int i = 0; i < itemIds.size(); i++) {
            List<int[]> l = byItem.get(i);
            itemUsers[i] = new int[l.size()];
            itemConf[i] = new float[l.size()];
            for (int k = 0; k < l.size(); k++) {
                itemUsers[i][k] = l.get(k)[0];
                itemConf[i][k] = (float) (alpha * l.get(k)[1]);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = randomMatrix(userIds.size(), factors, random);
        double[][] y = randomMatrix(itemIds.size(), factors, random);
        for (int it = 0; it < iterations; it++) {
            sweep(x, y, userItems, userConf, regularization);
            sweep(y, x, itemUsers, itemConf, regularization);
        }
        ItemIndex index = new ItemIndex(factors);
        for (int i = 0; i < itemIds.size(); i++) {
            index.upsert(itemIds.get(i), toFloat(y[i]), 0f, counts[i], 1);
        }
        Map<String, float[]> users = new HashMap<>();
        for (int u = 0; u < userIds.size(); u++) {
            users.put(userIds.get(u), toFloat(x[u]));
        }
        return new ImplicitAls(index, users);
    }

    List<Scored> recommend(String user, int n, Predicate<String> exclude) {
        float[] p = users.get(user);
        return p == null ? index.popular(n, exclude) : index.topK(p, n, exclude);
    }

    /**
     * Solves every row of {@code solve} with {@code fixed} held: {@code (F'F + F'(C - I)F + lambda I) x = F' C p}
     * where only the row's observed cells differ from the shared Gram matrix F'F.
     */
    private static void sweep(double[][] solve, double[][] fixed, int[][] observed, float[][] confidenceMinusOne,
                              double lambda) {
        int f = fixed.length == 0 ? 0 : fixed[0].length;
        if (f == 0) {
            return;
        }
        double[][] gram = new double[f][f];
        for (double[] row : fixed) {
            for (int a = 0; a < f; a++) {
                for (int b = a; b < f; b++) {
                    gram[a][b] += row[a] * row[b];
                }
            }
        }
        double[][] a = new double[f][f];
        double[] rhs = new double[f];
        for (int r = 0; r < solve.length; r++) {
            for (int i = 0; i < f; i++) {
                for (int j = i; j < f; j++) {
                    a[i][j] = gram[i][j];
                }
                a[i][i] += lambda;
            }
            java.util.Arrays.fill(rhs, 0);
            int[] cols = observed[r];
            float[] conf = confidenceMinusOne[r];
            for (int k = 0; k < cols.length; k++) {
                double[] v = fixed[cols[k]];
                double c = conf[k];
                for (int i = 0; i < f; i++) {
                    double cv = c * v[i];
                    for (int j = i; j < f; j++) {
                        a[i][j] += cv * v[j];
                    }
                    rhs[i] += (1 + c) * v[i];
                }
            }
            for (int i = 0; i < f; i++) {
                for (int j = 0; j < i; j++) {
                    a[i][j] = a[j][i];
                }
            }
            Cholesky.solve(a, rhs, solve[r]);
        }
    }

    private static double[][] randomMatrix(int rows, int f, SplittableRandom random) {
        double[][] m = new double[rows][f];
        for (double[] row : m) {
            for (int k = 0; k < f; k++) {
                row[k] = random.nextGaussian() * 0.01;
            }
        }
        return m;
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = (float) v[k];
        }
        return out;
    }
}
