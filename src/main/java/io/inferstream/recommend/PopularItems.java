package io.inferstream.recommend;

import java.util.SplittableRandom;

/**
 * The last {@code capacity} consumed item ids, for drawing items in proportion to their recent popularity: an item
 * consumed k times in the buffer is drawn with probability k / size. A ring buffer of ids needs no counts, no
 * weights to update and no alias table, and it follows popularity as it changes. Single writer, not thread-safe
 * (one per stream task).
 */
public final class PopularItems {

    private final String[] ring;
    private long added;

    public PopularItems(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.ring = new String[capacity];
    }

    public void add(String itemId) {
        ring[(int) (added++ % ring.length)] = itemId;
    }

    public int size() {
        return (int) Math.min(ring.length, added);
    }

    /** A draw in proportion to recent popularity, or null while empty. */
    public String sample(SplittableRandom random) {
        int size = size();
        return size == 0 ? null : ring[random.nextInt(size)];
    }
}
