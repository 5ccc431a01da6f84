package io.inferstream.serde.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
 * <p>Why rounds: on a shared machine the load drifts over a minute, which skews two benchmarks run one after the
 * other. So the two run in alternating order, in several short rounds (each a forked JVM on this JVM's class
 * path), and the result is the median per benchmark and the median of the per-round serde/plain ratios.
 */
public final class SerdeBench {

    public static final String SERDE = "serdeRoundTrip";
    public static final String PLAIN = "plainAvroRoundTrip";
    /** Key of the median per-round ratio serde/plain in {@link #run}'s answer (1.0 = no overhead). */
    public static final String RATIO = "serde/plain";

    private static final Logger LOG = LoggerFactory.getLogger(SerdeBench.class);

    private SerdeBench() {
    }

    /**
     * @param quick 3 rounds of 2 s warmup + 2 s measurement per benchmark (about 35 s in all) rather than 5 rounds
     *              of 3 s + 5 s (about 100 s)
     * @return records/s per benchmark method name ({@link #SERDE}, {@link #PLAIN}) and the ratio ({@link #RATIO})
     */
    public static Map<String, Double> run(boolean quick) throws RunnerException {
        int rounds = quick ? 3 : 5;
        int warmups = quick ? 2 : 3;
        int measurements = quick ? 2 : 5;
        List<Double> serde = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            boolean plainFirst = round % 2 == 1;
            double a = runOne(plainFirst ? PLAIN : SERDE, warmups, measurements);
            double b = runOne(plainFirst ? SERDE : PLAIN, warmups, measurements);
            double s = plainFirst ? b : a;
            double p = plainFirst ? a : b;
            serde.add(s);
            plain.add(p);
            ratios.add(s / p);
            LOG.info("Round {}/{}: serde {} records/s, plain Avro {} records/s, ratio {}", round, rounds,
                    String.format("%,.0f", s), String.format("%,.0f", p), String.format("%.3f", s / p));
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put(SERDE, median(serde));
        scores.put(PLAIN, median(plain));
        scores.put(RATIO, median(ratios));
        return scores;
    }

    private static double runOne(String method, int warmups, int measurements) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(Pattern.quote(SerdeBenchmark.class.getName() + "." + method) + "$")
                .forks(1)
                .threads(1)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(1))
                .measurementIterations(measurements).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xms512m", "-Xmx512m")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build()).run();
        if (results.isEmpty()) {
            throw new RunnerException("JMH ran no benchmark " + method + ": is META-INF/BenchmarkList on the class path?");
        }
        return results.iterator().next().getPrimaryResult().getScore();
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
    }
}
