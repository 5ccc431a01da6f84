package io.inferstream.recommend;

import java.util.Arrays;

/**
 * The k best (row, score) pairs seen so far, as a bounded min-heap on primitive arrays: O(log k) only for rows that
 * beat the current k-th best, nothing allocated per row. Hand-written because the JDK's PriorityQueue boxes every
 * entry, which costs more than the dot product it ranks.
 */
final class TopK {

    private final int k;
    private final int[] rows;
    private final float[] scores;
    private int size;

    TopK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        this.k = k;
        this.rows = new int[k];
        this.scores = new float[k];
    }

    /** Score a row must beat to enter (negative infinity until k rows are held). */
    float threshold() {
        return size < k ? Float.NEGATIVE_INFINITY : scores[0];
    }

    void offer(int row, float score) {
        if (size < k) {
            rows[size] = row;
            scores[size] = score;
            siftUp(size++);
        } else if (score > scores[0]) {
            rows[0] = row;
            scores[0] = score;
            siftDown(0);
        }
    }

    int size() {
        return size;
    }

    /** Writes the held rows and scores best first (ties by lower row) and returns how many there are. */
    int bestFirst(int[] rowsOut, float[] scoresOut) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int byScore = Float.compare(scores[b], scores[a]);
            return byScore != 0 ? byScore : Integer.compare(rows[a], rows[b]);
        });
        for (int i = 0; i < size; i++) {
            rowsOut[i] = rows[order[i]];
            scoresOut[i] = scores[order[i]];
        }
        return size;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (scores[parent] <= scores[i]) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int smallest = left + 1 < size && scores[left + 1] < scores[left] ? left + 1 : left;
            if (scores[i] <= scores[smallest]) {
                return;
            }
            swap(i, smallest);
            i = smallest;
        }
    }

    private void swap(int a, int b) {
        int r = rows[a];
        rows[a] = rows[b];
        rows[b] = r;
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
    }
}
