package io.inferstream.inference.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this JVM's threads between two points, grouped by role, for the benchmark's overhead rounds: with the
 * broker, the registry, scoring and the drift topology all in one JVM, a throughput figure alone cannot say where
 * monitoring's cost goes (its own work, or the broker's work on its records, or everything running slower on shared
 * cores); per-thread CPU time can. Read through {@link ThreadMXBean} (no sampling: both ends are read while every
 * thread that matters is alive; a thread that ends in between loses its time).
 */
final class ThreadCpu {

    /** The thread groups reported: scoring's Kafka Streams client, the drift topology's, everything else. */
    static final String SCORING = "scoring";
    static final String DRIFT = "drift";
    static final String OTHER = "broker_and_other";

    /** The JVM's threads that are not Java threads (garbage collection, the JIT compilers): the process less its threads. */
    static final String VM = "gc_and_jit";

    /**
     * CPU nanoseconds and name of each live thread, by thread id, and the whole process's CPU nanoseconds (-1 where the
     * platform does not say).
     */
    record Snapshot(Map<Long, Long> cpuNanos, Map<Long, String> names, long processNanos) {
    }

    private ThreadCpu() {
    }

    /** Whether this JVM measures per-thread CPU time (it does on Linux HotSpot; otherwise nothing is reported). */
    static boolean supported() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return mx.isThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled();
    }

    static Snapshot snapshot() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            long nanos = mx.getThreadCpuTime(id);
            ThreadInfo info = mx.getThreadInfo(id);
            if (nanos >= 0 && info != null) {
                cpu.put(id, nanos);
                names.put(id, info.getThreadName());
            }
        }
        long process = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime() : -1;
        return new Snapshot(cpu, names, process);
    }

    /**
     * CPU microseconds per result between {@code from} and {@code to}, per group ({@link #SCORING}, {@link #DRIFT}
     * when present, {@link #OTHER}, and {@link #VM} where the process's CPU time is known: what monitoring's
     * allocations cost in collection shows there) and {@code total}. Threads are grouped by their names, which Kafka clients derive
     * from the application id: {@code <scoringAppId>-<uuid>-StreamThread-1}, {@code kafka-producer-network-thread |
     * <scoringAppId>-...}; the drift topology's application id is the scoring one's prefix with {@code drift-app}.
     */
    static Map<String, Double> perResult(Snapshot from, Snapshot to, long results, String scoringAppId, String driftAppId) {
        Map<String, Long> nanos = new LinkedHashMap<>();
        nanos.put(SCORING, 0L);
        if (driftAppId != null) {
            nanos.put(DRIFT, 0L);
        }
        nanos.put(OTHER, 0L);
        to.cpuNanos().forEach((id, end) -> {
            long used = end - from.cpuNanos().getOrDefault(id, 0L);
            nanos.merge(group(to.names().get(id), scoringAppId, driftAppId), used, Long::sum);
        });
        long threads = nanos.values().stream().mapToLong(Long::longValue).sum();
        if (from.processNanos() >= 0 && to.processNanos() >= 0) {
            nanos.put(VM, Math.max(0, to.processNanos() - from.processNanos() - threads));
        }
        Map<String, Double> perResult = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, Long> e : nanos.entrySet()) {
            perResult.put(e.getKey(), e.getValue() / 1e3 / results);
            total += e.getValue();
        }
        perResult.put("total", total / 1e3 / results);
        return perResult;
    }

    static String group(String threadName, String scoringAppId, String driftAppId) {
        if (driftAppId != null && threadName.contains(driftAppId + "-")) {
            return DRIFT;
        }
        return threadName.contains(scoringAppId + "-") ? SCORING : OTHER;
    }
}
