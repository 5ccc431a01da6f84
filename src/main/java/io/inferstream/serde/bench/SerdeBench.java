package io.inferstream.serde.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SerdeBenchmark} with JMH's own harness, for {@code inferstream bench serde}.
 *
 * <p>Why rounds: on a shared machine the load drifts over a minute, and in practice whichever of two back-to-back
 * runs goes first tends to score higher, which skews two benchmarks run one after the other. So the two run in
 * short rounds (each a forked JVM on this JVM's class path), half of them plain-first and half serde-first; the
 * result is the median per benchmark and the geometric mean of the per-round serde/plain ratios, in which the
 * order effect cancels.
 */
public final class SerdeBench {

    public static final String SERDE = "serdeRoundTrip";
    public static final String PLAIN = "plainAvroRoundTrip";
    /** Key of the geometric mean of per-round serde/plain ratios in {@link #run}'s answer (1.0 = no overhead). */
    public static final String RATIO = "serde/plain";
    /**
     * Key of the serde/plain ratio of records per CPU-second, measured in-process with the two paths interleaved
     * in alternating blocks: insensitive to other processes' load, unlike wall-clock throughput.
     */
    public static final String CPU_RATIO = "serde/plain (cpu, interleaved)";
    /** Suffix of the keys holding bytes allocated per record (JMH's gc.alloc.rate.norm): load-independent. */
    public static final String ALLOC_SUFFIX = ".allocBytesPerRecord";

    private static final Logger LOG = LoggerFactory.getLogger(SerdeBench.class);

    private SerdeBench() {
    }

    /**
     * @param quick 2 rounds of 2 s warmup + 3 s measurement per benchmark (about 30 s in all) rather than 4 rounds
     *              of 3 s + 5 s (about 80 s)
     * @return records/s per benchmark method name ({@link #SERDE}, {@link #PLAIN}), the ratio ({@link #RATIO}) and
     *         bytes allocated per record for each ({@code name + }{@link #ALLOC_SUFFIX})
     */
    public static Map<String, Double> run(boolean quick) throws RunnerException {
        int rounds = quick ? 2 : 4; // even: as many plain-first as serde-first rounds
        int warmups = quick ? 2 : 3;
        int measurements = quick ? 3 : 5;
        List<Double> serde = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        double[] alloc = new double[2];
        for (int round = 1; round <= rounds; round++) {
            boolean plainFirst = round % 2 == 1;
            RunResult ra = runOne(plainFirst ? PLAIN : SERDE, warmups, measurements);
            RunResult rb = runOne(plainFirst ? SERDE : PLAIN, warmups, measurements);
            RunResult rs = plainFirst ? rb : ra;
            RunResult rp = plainFirst ? ra : rb;
            double s = rs.getPrimaryResult().getScore();
            double p = rp.getPrimaryResult().getScore();
            alloc[0] = allocPerOp(rs);
            alloc[1] = allocPerOp(rp);
            serde.add(s);
            plain.add(p);
            ratios.add(s / p);
            LOG.info("Round {}/{}: serde {} records/s, plain Avro {} records/s, ratio {}", round, rounds,
                    String.format("%,.0f", s), String.format("%,.0f", p), String.format("%.3f", s / p));
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put(SERDE, median(serde));
        scores.put(PLAIN, median(plain));
        scores.put(RATIO, geometricMean(ratios));
        scores.put(SERDE + ALLOC_SUFFIX, alloc[0]);
        scores.put(PLAIN + ALLOC_SUFFIX, alloc[1]);
        scores.put(CPU_RATIO, interleavedCpuRatio(quick ? 20 : 40, 20_000));
        return scores;
    }

    /**
     * Runs both benchmark bodies in this JVM, alternating blocks of {@code perBlock} records (after a warmup), and
     * compares the thread CPU time each used. Written here, next to JMH, because JMH measures wall-clock time and
     * runs benchmarks one after the other, so on a shared machine the load of other processes dominates the
     * comparison; CPU time of interleaved blocks sees only this thread's own work.
     *
     * @return records per CPU-second of the serde divided by that of plain Avro
     */
    public static double interleavedCpuRatio(int blocks, int perBlock) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!mx.isCurrentThreadCpuTimeSupported()) {
            return Double.NaN;
        }
        SerdeBenchmark b = new SerdeBenchmark();
        b.setUp();
        try {
            long sink = 0;
            for (int i = 0; i < 10 * perBlock; i++) {
                sink += b.serdeRoundTrip().getRequestId().length() + b.plainAvroRoundTrip().getRequestId().length();
            }
            long serdeNanos = 0;
            long plainNanos = 0;
            for (int block = 0; block < 2 * blocks; block++) {
                boolean serde = block % 4 == 0 || block % 4 == 3; // S P P S S P P S ...: balanced order
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < perBlock; i++) {
                    sink += (serde ? b.serdeRoundTrip() : b.plainAvroRoundTrip()).getRequestId().length();
                }
                long dt = mx.getCurrentThreadCpuTime() - t0;
                if (serde) {
                    serdeNanos += dt;
                } else {
                    plainNanos += dt;
                }
            }
            LOG.info("Interleaved CPU time: serde {} ns/record, plain Avro {} ns/record (checksum {})",
                    serdeNanos / (blocks * (long) perBlock), plainNanos / (blocks * (long) perBlock), sink);
            return (double) plainNanos / serdeNanos;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            b.tearDown();
        }
    }

    private static double allocPerOp(RunResult r) {
        Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
        return norm == null ? Double.NaN : norm.getScore();
    }

    private static RunResult runOne(String method, int warmups, int measurements) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(Pattern.quote(SerdeBenchmark.class.getName() + "." + method) + "$")
                .forks(1)
                .threads(1)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(1))
                .measurementIterations(measurements).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xms512m", "-Xmx512m")
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build()).run();
        if (results.isEmpty()) {
            throw new RunnerException("JMH ran no benchmark " + method + ": is META-INF/BenchmarkList on the class path?");
        }
        return results.iterator().next();
    }

    private static double geometricMean(List<Double> xs) {
        return Math.exp(xs.stream().mapToDouble(Math::log).average().orElse(Double.NaN));
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** {@code java -cp ... io.inferstream.serde.bench.SerdeBench [--quick]}: prints the numbers. */
    public static void main(String[] args) throws RunnerException {
        Map<String, Double> scores = run(args.length > 0 && args[0].equals("--quick"));
        System.out.printf("%-20s %,14.0f records/s%n", SERDE, scores.get(SERDE));
        System.out.printf("%-20s %,14.0f records/s%n", PLAIN, scores.get(PLAIN));
        System.out.printf("%-20s %14.3f%n", RATIO, scores.get(RATIO));
        System.out.printf("%-20s %14.3f%n", "serde/plain cpu", scores.get(CPU_RATIO));
        System.out.printf("allocated per record: serde %.0f B, plain Avro %.0f B%n",
                scores.get(SERDE + ALLOC_SUFFIX), scores.get(PLAIN + ALLOC_SUFFIX));
    }
}
