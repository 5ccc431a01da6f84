package io.inferstream.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A small bounded LRU map for the registry client's caches. Written here because it is a few lines over
 * {@link LinkedHashMap}'s access order, and a cache library dependency would be heavier than the need;
 * the serde keeps its own lock-free hot-path caches, so this lock is not on the per-record path.
 */
final class LruCache<K, V> {
    private final Map<K, V> map;

    LruCache(int capacity) {
        this.map = new LinkedHashMap<>(Math.min(capacity, 64), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        return map.get(key);
    }

    synchronized void put(K key, V value) {
        map.put(key, value);
    }

    synchronized void removeIf(Predicate<K> keyPredicate) {
        map.keySet().removeIf(keyPredicate);
    }

    synchronized void clear() {
        map.clear();
    }

    synchronized int size() {
        return map.size();
    }
}
