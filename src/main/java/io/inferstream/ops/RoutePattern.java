package io.inferstream.ops;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A path pattern such as {@code /users/{id}/recommendations}: literal segments, {@code {name}} segments that match
 * one non-empty segment, and optionally a last {@code {name...}} segment that matches the rest of the path (static
 * files under a prefix). Values are percent-decoded ({@code +} stays a plus: it means a space only in queries).
 */
record RoutePattern(String text, List<String> segments, boolean greedy) {

    /** More literal segments first, then exact before greedy: {@code /users/me} wins over {@code /users/{id}}. */
    static final Comparator<RoutePattern> MOST_SPECIFIC_FIRST = Comparator
        .comparingLong((RoutePattern p) -> -p.segments.stream().filter(s -> !isParam(s)).count())
        .thenComparing(p -> p.greedy);

    static RoutePattern parse(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("pattern must start with '/': " + text);
        }
        List<String> segments = split(text);
        Set<String> names = new HashSet<>();
        boolean greedy = false;
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty segment in pattern " + text);
            }
            if (s.contains("{") || s.contains("}")) {
                if (!isParam(s)) {
                    throw new IllegalArgumentException("a parameter must be a whole segment, {name} or {name...}: " + text);
                }
                if (s.endsWith("...}")) {
                    if (i != segments.size() - 1) {
                        throw new IllegalArgumentException("{name...} may only be the last segment: " + text);
                    }
                    greedy = true;
                }
                if (!names.add(paramName(s))) {
                    throw new IllegalArgumentException("parameter " + paramName(s) + " appears twice in " + text);
                }
            }
        }
        return new RoutePattern(text, List.copyOf(segments), greedy);
    }

    /**
     * The decoded parameters when {@code rawPath} matches, else empty.
     *
     * @throws OpsHttpException 400 when a segment's percent-encoding is malformed
     */
    Optional<Map<String, String>> match(List<String> rawSegments) {
        int fixed = greedy ? segments.size() - 1 : segments.size();
        if (greedy ? rawSegments.size() <= fixed : rawSegments.size() != fixed) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < fixed; i++) {
            String pattern = segments.get(i);
            String raw = rawSegments.get(i);
            if (isParam(pattern)) {
                if (raw.isEmpty()) {
                    return Optional.empty();
                }
                params.put(paramName(pattern), decode(raw));
            } else if (!pattern.equals(raw)) {
                return Optional.empty();
            }
        }
        if (greedy) {
            List<String> rest = new ArrayList<>();
            for (String raw : rawSegments.subList(fixed, rawSegments.size())) {
                rest.add(decode(raw));
            }
            String joined = String.join("/", rest);
            if (joined.isEmpty()) {
                return Optional.empty();
            }
            params.put(paramName(segments.get(fixed)), joined);
        }
        return Optional.of(params);
    }

    /** The pattern with parameter names blanked: two patterns of one shape match the same paths. */
    String shape() {
        return String.join("/", segments.stream().map(s -> !isParam(s) ? s : s.endsWith("...}") ? "{...}" : "{}").toList());
    }

    /** Segments of a path: {@code "/"} has none, {@code "/a/b/"} has {@code a, b, ""}. */
    static List<String> split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }

    private static boolean isParam(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}")
            && segment.substring(1, segment.length() - 1).replace("...", "").matches("[A-Za-z][A-Za-z0-9_]*");
    }

    private static String paramName(String segment) {
        return segment.substring(1, segment.length() - 1).replace("...", "");
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OpsHttpException.badRequest(400, "malformed path segment '" + raw + "': " + e.getMessage());
        }
    }
}
