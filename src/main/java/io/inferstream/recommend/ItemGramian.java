package io.inferstream.recommend;

/**
 * The Gramian {@code G = sum_i q_i q_i^T} of every item's factors in an {@link ItemIndex}, for the
 * user-side refit ({@link UserRefit}), recomputed from the index every {@code refreshEvery} reads, and more often
 * at first (after 1, 2, 4, 8, ... reads): a task starts while the item factors are young and change fast, and a
 * Gramian computed from a nearly empty index would otherwise serve its first {@code refreshEvery} events. One per
 * stream task, not thread-safe. Recomputed rather than maintained update by update: a full pass costs
 * {@code items * f^2 / 2} multiply-adds (about 0.3 M for 2k items and 16 factors), a few thousand per event at the
 * default refresh of 100, and it cannot accumulate rounding error or miss an update another thread made to the
 * index.
 */
public final class ItemGramian {

    private final ItemIndex index;
    private final int refreshEvery;
    private final double[][] gram;
    private int count;
    private long reads;
    private long nextRefresh;

    public ItemGramian(ItemIndex index, int refreshEvery) {
        if (refreshEvery < 1) {
            throw new IllegalArgumentException("refreshEvery must be >= 1, got " + refreshEvery);
        }
        this.index = index;
        this.refreshEvery = refreshEvery;
        this.gram = new double[index.factors()][index.factors()];
    }

    /** Recomputes from the index when due (the first call included); returns this. */
    public ItemGramian current() {
        if (reads >= nextRefresh) {
            count = index.gramian(gram);
            nextRefresh = reads + Math.min(refreshEvery, Math.max(1, reads));
        }
        reads++;
        return this;
    }

    /** {@code sum_i q_i q_i^T}; the caller must not modify it. */
    public double[][] gram() {
        return gram;
    }

    /** Items summed. */
    public int count() {
        return count;
    }
}
