package io.inferstream.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which versions of a model to serve, after TensorFlow Serving's {@code model_version_policy}:
 * the latest version, the latest N, or an explicit set.
 *
 * @param kind the policy kind
 * @param count how many latest versions ({@link Kind#LATEST} only; 1 for plain "latest")
 * @param versions the versions to serve ({@link Kind#SPECIFIC} only)
 */
public record VersionPolicy(Kind kind, int count, SortedSet<Long> versions) {

    /** Policy kinds. */
    public enum Kind {
        LATEST,
        SPECIFIC
    }

    public VersionPolicy {
        Objects.requireNonNull(kind, "kind");
        versions = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(versions));
        if (kind == Kind.LATEST && count < 1) {
            throw new IllegalArgumentException("latest N needs N >= 1, was " + count);
        }
        if (kind == Kind.SPECIFIC && versions.isEmpty()) {
            throw new IllegalArgumentException("specific policy needs at least one version");
        }
    }

    /** Serve only the highest version. */
    public static VersionPolicy latest() {
        return latest(1);
    }

    /** Serve the {@code n} highest versions. */
    public static VersionPolicy latest(int n) {
        return new VersionPolicy(Kind.LATEST, n, new TreeSet<>());
    }

    /** Serve exactly these versions (those present on disk). */
    public static VersionPolicy specific(long... versions) {
        TreeSet<Long> set = new TreeSet<>();
        for (long v : versions) {
            set.add(v);
        }
        return new VersionPolicy(Kind.SPECIFIC, 0, set);
    }

    /**
     * Parses {@code latest}, {@code latest:N} or {@code specific:V1,V2,...} (case-insensitive), the
     * form used in configuration files and on the command line.
     */
    public static VersionPolicy parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.equals("latest")) {
                return latest();
            }
            if (s.startsWith("latest:")) {
                return latest(Integer.parseInt(s.substring("latest:".length()).trim()));
            }
            if (s.startsWith("specific:")) {
                String[] parts = s.substring("specific:".length()).split(",");
                long[] versions = new long[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    versions[i] = Long.parseLong(parts[i].trim());
                }
                return specific(versions);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad version policy '" + text + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("bad version policy '" + text + "'; use latest, latest:N or specific:V1,V2");
    }

    /** The versions among {@code available} this policy serves, in ascending order. */
    public List<Long> select(Collection<Long> available) {
        TreeSet<Long> sorted = new TreeSet<>(available);
        List<Long> chosen = new ArrayList<>();
        if (kind == Kind.LATEST) {
            sorted.descendingSet().stream().limit(count).forEach(chosen::add);
            chosen.sort(null);
        } else {
            for (Long v : versions) {
                if (sorted.contains(v)) {
                    chosen.add(v);
                }
            }
        }
        return chosen;
    }

    /** Versions a {@link Kind#SPECIFIC} policy asks for that are not in {@code available}. */
    public List<Long> missing(Collection<Long> available) {
        List<Long> missing = new ArrayList<>();
        for (Long v : versions) {
            if (!available.contains(v)) {
                missing.add(v);
            }
        }
        return missing;
    }

    @Override
    public String toString() {
        if (kind == Kind.SPECIFIC) {
            StringBuilder b = new StringBuilder("specific:");
            versions.forEach(v -> b.append(b.length() > "specific:".length() ? "," : "").append(v));
            return b.toString();
        }
        return count == 1 ? "latest" : "latest:" + count;
    }
}
