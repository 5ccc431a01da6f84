package io.inferstream.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. Written here rather than taken from a library because no Java
 * PromQL parser is on the classpath and the dashboard's queries use a small subset: names are the identifiers left
 * once strings, label matchers, range selectors, grouping clauses, function calls and keywords are taken out.
 */
final class PromQl {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][\\w:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
        "ignoring", "group_left", "group_right", "inf", "nan", "atan2");

    private PromQl() {
    }

    static Set<String> metricNames(String expr) {
        String s = STRINGS.matcher(expr).replaceAll("\"\"");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGES.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            boolean call = m.group(2) != null;
            if (!call && !KEYWORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
