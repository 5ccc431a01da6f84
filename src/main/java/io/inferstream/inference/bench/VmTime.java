package io.inferstream.inference.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Milliseconds this JVM spent compiling (the JIT compilers, {@link CompilationMXBean}) and collecting garbage (every
 * {@link GarbageCollectorMXBean}: G1's pauses and its concurrent cycles) between two points. Why the overhead rounds
 * report them: {@link ThreadCpu}'s {@code gc_and_jit} lumps both together, and on two cores a round measured while the
 * compilers still work (seconds per round, measured) says more about the compilers than about monitoring.
 */
final class VmTime {

    static final String JIT = "jit_compile";
    static final String GC = "gc";

    /** Totals since the JVM started; -1 where the JVM does not say. */
    record Snapshot(long jitMillis, long gcMillis) {
    }

    private VmTime() {
    }

    static Snapshot snapshot() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long compile = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        long gc = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            long t = b.getCollectionTime();
            if (t < 0) {
                gc = -1;
                break;
            }
            gc += t;
        }
        return new Snapshot(compile, gc);
    }

    /** {@link #JIT} and {@link #GC} milliseconds from {@code from} to {@code to}, each where both ends know it. */
    static Map<String, Double> millis(Snapshot from, Snapshot to) {
        Map<String, Double> ms = new LinkedHashMap<>();
        if (from.jitMillis() >= 0 && to.jitMillis() >= 0) {
            ms.put(JIT, (double) (to.jitMillis() - from.jitMillis()));
        }
        if (from.gcMillis() >= 0 && to.gcMillis() >= 0) {
            ms.put(GC, (double) (to.gcMillis() - from.gcMillis()));
        }
        return ms;
    }
}
