package io.inferstream.inference.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Bytes the embedded broker (in this JVM) appended per topic between two points, from its own
 * {@code kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=*} meters (their {@code Count}), grouped for the
 * overhead rounds: monitoring's cost on a shared box follows mostly what it makes the broker write and serve, so the
 * bytes per result say where that cost comes from (and what a deployment's brokers would take on).
 */
final class BrokerBytes {

    /** Topics of the scenario's scoring topology (its sinks and changelogs). */
    static final String SCORING = "scoring";
    /** drift-observations: what the observing step sends. */
    static final String OBSERVATIONS = "drift_observations";
    /** The drift topology's changelogs and repartition topics. */
    static final String DRIFT = "drift_topology";
    /** Transaction and offset logs, shared by everything. */
    static final String INTERNAL = "transactions_and_offsets";

    private static final String QUERY = "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=*";

    private BrokerBytes() {
    }

    /** Bytes appended so far per topic; empty when the broker's meters are not in this JVM. */
    static Map<String, Long> snapshot() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Long> bytes = new HashMap<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName(QUERY), null)) {
                bytes.put(name.getKeyProperty("topic"), ((Number) server.getAttribute(name, "Count")).longValue());
            }
        } catch (JMException e) {
            return Map.of();
        }
        return bytes;
    }

    /**
     * Bytes per result between {@code from} and {@code to} per group of the topics named with {@code prefix} (the
     * scenario's) and the internal ones; topics of other scenarios are left out.
     */
    static Map<String, Double> perResult(Map<String, Long> from, Map<String, Long> to, long results, String prefix) {
        Map<String, Long> groups = new LinkedHashMap<>();
        for (String g : new String[] {SCORING, OBSERVATIONS, DRIFT, INTERNAL}) {
            groups.put(g, 0L);
        }
        to.forEach((topic, end) -> {
            String group = group(topic, prefix);
            if (group != null) {
                groups.merge(group, end - from.getOrDefault(topic, 0L), Long::sum);
            }
        });
        Map<String, Double> perResult = new LinkedHashMap<>();
        groups.forEach((g, b) -> perResult.put(g, (double) b / results));
        return perResult;
    }

    static String group(String topic, String prefix) {
        if (topic.startsWith("__")) {
            return INTERNAL;
        }
        if (!topic.startsWith(prefix)) {
            return null;
        }
        String rest = topic.substring(prefix.length());
        if (rest.equals("drift-observations")) {
            return OBSERVATIONS;
        }
        return rest.startsWith("drift-app-") ? DRIFT : SCORING;
    }
}
