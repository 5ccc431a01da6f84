package io.inferstream.recommend;

import java.util.ArrayList;
import java.util.List;

/** A user's bounded list of recently consumed distinct items, oldest first (the profile's {@code seen}). */
public final class RecentItems {

    private RecentItems() {
    }

    /** A new list: {@code itemId} moved to (or added at) the end, the oldest dropped beyond {@code max}. */
    public static List<String> append(List<String> recent, String itemId, int max) {
        List<String> out = new ArrayList<>(recent.size() + 1);
        for (String id : recent) {
            if (!id.equals(itemId)) {
                out.add(id);
            }
        }
        out.add(itemId);
        int excess = out.size() - max;
        return excess > 0 ? new ArrayList<>(out.subList(excess, out.size())) : out;
    }
}
