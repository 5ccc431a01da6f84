package io.inferstream.recommend.synthetic;

import io.inferstream.avro.EventType;
import io.inferstream.avro.UserEvent;
import java.time.Instant;
import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A synthetic user-event stream with a known answer, for the demo, the tests and the benchmarks: every user and item
 * has a planted unit vector of dimension {@code rank}; a user picks an available item with probability proportional
 * to {@code popularity(i) * exp(strength * u.v)}, where popularity follows Zipf's law over a random ranking of the
 * items. Users and items arrive over time, already consumed items are rarely picked again, and at
 * {@link SyntheticSettings#shiftAt()} the vectors of a share of the users are redrawn.
 *
 * <p>Ids are {@code "u" + index} and {@code "i" + index}; items are numbered in arrival order, users too. Values are
 * 1.0 and request ids null. The stream is a pure function of the settings.
 *
 * <p>Speed: each user's cumulative choice weights over the items (in arrival order) are computed once per
 * preference phase, so a draw among the first {@code m} available items is one binary search; 300k events over 2k
 * items take well under a second after a table build of users x items multiply-adds.
 */
public final class SyntheticEvents implements Iterator<UserEvent> {

    /** Redraws of an already consumed item before the exact (linear) draw among unseen items. */
    private static final int MAX_REDRAWS = 16;

    private final SyntheticSettings settings;
    private final SplittableRandom random;
    private final float[][] itemVectors;
    private final float[][] userVectors;
    private final float[][] shiftedUserVectors;
    private final double[] popularity;
    private final double[][] cumulative;
    private final BitSet[] seen;
    private final String[] userIds;
    private final String[] itemIds;
    private long next;
    private boolean shifted;

    private SyntheticEvents(SyntheticSettings settings) {
        this.settings = settings;
        SplittableRandom root = new SplittableRandom(settings.seed());
        // Separate streams per concern: the planted structure does not depend on the number of events drawn.
        SplittableRandom structure = root.split();
        SplittableRandom shift = root.split();
        this.random = root.split();
        this.itemVectors = unitVectors(settings.items(), settings.rank(), structure);
        this.userVectors = unitVectors(settings.users(), settings.rank(), structure);
        this.shiftedUserVectors = settings.hasShift() ? shifted(userVectors, settings, shift) : userVectors;
        this.popularity = zipfPopularity(settings.items(), settings.zipfExponent(), structure);
        this.cumulative = new double[settings.users()][];
        this.seen = new BitSet[settings.users()];
        this.userIds = new String[settings.users()];
        this.itemIds = new String[settings.items()];
    }

    /** The stream for {@code settings}: deterministic, lazy (events are drawn as they are read). */
    public static Iterator<UserEvent> generate(SyntheticSettings settings) {
        return new SyntheticEvents(settings);
    }

    /** The generator itself, for tests that look at the planted structure. */
    static SyntheticEvents create(SyntheticSettings settings) {
        return new SyntheticEvents(settings);
    }

    /** The user id for a user index ({@code "u42"}). */
    public static String userId(int index) {
        return "u" + index;
    }

    /** The item id for an item index ({@code "i17"}). */
    public static String itemId(int index) {
        return "i" + index;
    }

    @Override
    public boolean hasNext() {
        return next < settings.events();
    }

    @Override
    public UserEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + settings.events() + " events were generated");
        }
        long index = next++;
        if (settings.hasShift() && index == settings.shiftAt()) {
            shifted = true;
            java.util.Arrays.fill(cumulative, null);
        }
        int user = random.nextInt(settings.usersAt(index));
        int item = drawItem(user, settings.itemsAt(index));
        Instant timestamp = settings.start().plus(settings.interval().multipliedBy(index));
        return new UserEvent(id(userIds, user, 'u'), id(itemIds, item, 'i'), drawType(), 1.0, timestamp, null);
    }

    /** Planted affinity u.v of a user and an item, before ({@code afterShift} false) or after the shift. */
    double affinity(int user, int item, boolean afterShift) {
        return dot(afterShift ? shiftedUserVectors[user] : userVectors[user], itemVectors[item]);
    }

    /** Zipf popularity weight of an item (1 for the most popular). */
    double popularity(int item) {
        return popularity[item];
    }

    private int drawItem(int user, int available) {
        double[] cum = cumulative[user];
        if (cum == null) {
            cum = choiceTable(shifted ? shiftedUserVectors[user] : userVectors[user]);
            cumulative[user] = cum;
        }
        BitSet consumed = seen[user];
        if (consumed == null) {
            consumed = new BitSet(settings.items());
            seen[user] = consumed;
        }
        int item = sample(cum, available);
        if (!consumed.get(item) || random.nextDouble() < settings.repeatProbability()) {
            consumed.set(item);
            return item;
        }
        for (int attempt = 0; attempt < MAX_REDRAWS; attempt++) {
            item = sample(cum, available);
            if (!consumed.get(item)) {
                consumed.set(item);
                return item;
            }
        }
        // A user who has consumed most of their preferred mass: draw exactly among the unseen items (a linear pass,
        // rare), or repeat when every available item was seen.
        int unseen = sampleUnseen(cum, available, consumed);
        if (unseen >= 0) {
            consumed.set(unseen);
            return unseen;
        }
        return item;
    }

    private int sampleUnseen(double[] cum, int available, BitSet consumed) {
        double total = 0;
        for (int j = consumed.nextClearBit(0); j < available; j = consumed.nextClearBit(j + 1)) {
            total += cum[j] - (j == 0 ? 0 : cum[j - 1]);
        }
        if (!(total > 0)) {
            return -1;
        }
        double x = random.nextDouble() * total;
        int last = -1;
        for (int j = consumed.nextClearBit(0); j < available; j = consumed.nextClearBit(j + 1)) {
            x -= cum[j] - (j == 0 ? 0 : cum[j - 1]);
            last = j;
            if (x < 0) {
                return j;
            }
        }
        return last;
    }

    /** Smallest index j < available with cum[j] > x for x uniform in [0, cum[available - 1]). */
    private int sample(double[] cum, int available) {
        double x = random.nextDouble() * cum[available - 1];
        int lo = 0;
        int hi = available - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private double[] choiceTable(float[] user) {
        double[] cum = new double[itemVectors.length];
        double total = 0;
        for (int i = 0; i < cum.length; i++) {
            total += popularity[i] * Math.exp(settings.preferenceStrength() * dot(user, itemVectors[i]));
            cum[i] = total;
        }
        return cum;
    }

    private EventType drawType() {
        double x = random.nextDouble();
        SyntheticSettings.EventMix mix = settings.mix();
        if (x < mix.view()) {
            return EventType.VIEW;
        }
        return x < mix.view() + mix.click() ? EventType.CLICK : EventType.PURCHASE;
    }

    private static String id(String[] cache, int index, char prefix) {
        String id = cache[index];
        if (id == null) {
            id = prefix + Integer.toString(index);
            cache[index] = id;
        }
        return id;
    }

    private static float[][] unitVectors(int n, int rank, SplittableRandom random) {
        float[][] out = new float[n][rank];
        for (float[] v : out) {
            double norm2 = 0;
            for (int k = 0; k < rank; k++) {
                v[k] = (float) random.nextGaussian();
                norm2 += (double) v[k] * v[k];
            }
            float scale = (float) (1.0 / Math.sqrt(Math.max(norm2, 1e-12)));
            for (int k = 0; k < rank; k++) {
                v[k] *= scale;
            }
        }
        return out;
    }

    /** A copy of {@code users} where a {@code shiftShare} of the users (drawn at random) get a fresh vector. */
    private static float[][] shifted(float[][] users, SyntheticSettings settings, SplittableRandom random) {
        float[][] fresh = unitVectors(users.length, settings.rank(), random);
        float[][] out = new float[users.length][];
        for (int u = 0; u < users.length; u++) {
            out[u] = random.nextDouble() < settings.shiftShare() ? fresh[u] : users[u];
        }
        return out;
    }

    /** Zipf weights rank^-exponent over a random permutation of the items (Fisher-Yates). */
    private static double[] zipfPopularity(int items, double exponent, SplittableRandom random) {
        int[] rankOf = new int[items];
        for (int i = 0; i < items; i++) {
            rankOf[i] = i;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = rankOf[i];
            rankOf[i] = rankOf[j];
            rankOf[j] = t;
        }
        double[] out = new double[items];
        for (int i = 0; i < items; i++) {
            out[i] = Math.pow(rankOf[i] + 1, -exponent);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }
}
