package io.inferstream.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The topic set. Other parts ask for names by logical topic ({@code topics.name(StandardTopic.USER_EVENTS)}) so
 * renaming a topic is a config change only.
 *
 * @param create whether {@code run} and {@code demo} create missing topics at start-up ({@code topics.create})
 * @param specs  one spec per {@link StandardTopic}
 */
public record TopicsConfig(boolean create, Map<StandardTopic, TopicSpec> specs) {

    public TopicsConfig {
        specs = new EnumMap<>(specs);
        for (StandardTopic t : StandardTopic.values()) {
            if (!specs.containsKey(t)) {
                throw new IllegalArgumentException("No spec for topic " + t.logicalName());
            }
        }
        specs = java.util.Collections.unmodifiableMap(specs);
    }

    public TopicSpec spec(StandardTopic topic) {
        return specs.get(topic);
    }

    public String name(StandardTopic topic) {
        return specs.get(topic).name();
    }

    public Collection<TopicSpec> all() {
        return specs.values();
    }

    static TopicsConfig read(ConfigReader r) {
        boolean create = r.bool("topics.create", true);
        Map<StandardTopic, TopicSpec> specs = new EnumMap<>(StandardTopic.class);
        Map<String, StandardTopic> byName = new HashMap<>();
        for (StandardTopic t : StandardTopic.values()) {
            String p = "topics." + t.logicalName() + ".";
            String name = r.nonBlank(p + "name", t.logicalName());
            if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
                r.problem(p + "name", "'" + name + "' is not a valid Kafka topic name (letters, digits, '.', '_', '-')");
            }
            StandardTopic clash = byName.put(name, t);
            if (clash != null) {
                r.problem(p + "name", "topic name '" + name + "' is also used by topics." + clash.logicalName());
            }
            int partitions = r.integer(p + "partitions", t.defaultPartitions(), 1, 10_000);
            CleanupPolicy policy = r.enumValue(p + "cleanup.policy", t.defaultCleanupPolicy(), CleanupPolicy::parse,
                "delete, compact or compact,delete");
            OptionalLong retention = OptionalLong.empty();
            String retentionKey = p + "retention.ms";
            r.string(retentionKey, null); // defined even when absent
            if (r.keys().contains(retentionKey)) {
                retention = OptionalLong.of(r.longValue(retentionKey, -1, -1));
            } else if (t.defaultRetention().isPresent() && policy != CleanupPolicy.COMPACT) {
                retention = OptionalLong.of(t.defaultRetention().get().toMillis());
            }
            Map<String, String> extra = r.remainingUnder(p + "config.");
            specs.put(t, new TopicSpec(t, name, partitions, policy, retention, extra));
        }
        List<String> unknownTopics = new ArrayList<>();
        for (String key : r.keys()) {
            if (key.startsWith("topics.") && !key.equals("topics.create")) {
                String rest = key.substring("topics.".length());
                String logical = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
                if (StandardTopic.byLogicalName(logical).isEmpty()) {
                    r.markConsumed(key);
                    if (!unknownTopics.contains(logical)) {
                        unknownTopics.add(logical);
                        r.problem(key, "unknown topic '" + logical + "'; known topics: " + knownNames());
                    }
                }
            }
        }
        return new TopicsConfig(create, specs);
    }

    private static String knownNames() {
        List<String> names = new ArrayList<>();
        for (StandardTopic t : StandardTopic.values()) {
            names.add(t.logicalName());
        }
        return String.join(", ", names);
    }
}
