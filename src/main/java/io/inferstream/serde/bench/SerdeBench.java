package io.inferstream.serde.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link SerdeBenchmark} with JMH's own harness (one forked JVM on this JVM's class path), for
 * {@code inferstream bench serde}. JMH prints its usual progress to stdout while it runs.
 */
public final class SerdeBench {

    public static final String SERDE = "serdeRoundTrip";
    public static final String PLAIN = "plainAvroRoundTrip";

    private SerdeBench() {
    }

    /**
     * @param quick short warmup and measurement (about 15 s in all) rather than the full run (about 1 min)
     * @return records/s per benchmark method name ({@link #SERDE}, {@link #PLAIN}), in that order
     */
    public static Map<String, Double> run(boolean quick) throws RunnerException {
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(Pattern.quote(SerdeBenchmark.class.getName()) + "\\..*")
                .forks(1)
                .threads(1)
                .jvmArgsAppend("-Xms512m", "-Xmx512m")
                .shouldFailOnError(true);
        if (quick) {
            opts.warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        } else {
            opts.warmupIterations(5).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(8).measurementTime(TimeValue.seconds(2));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put(SERDE, Double.NaN);
        scores.put(PLAIN, Double.NaN);
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            scores.put(label.substring(label.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        return scores;
    }

    /** serde throughput as a fraction of plain Avro's (1.0 = no overhead). */
    public static double ratio(Map<String, Double> scores) {
        return scores.get(SERDE) / scores.get(PLAIN);
    }

    /** {@code java -cp ... io.inferstream.serde.bench.SerdeBench [--quick]}. */
    public static void main(String[] args) throws RunnerException {
        Map<String, Double> scores = run(args.length > 0 && args[0].equals("--quick"));
        scores.forEach((k, v) -> System.out.printf("%-20s %,14.0f records/s%n", k, v));
        System.out.printf("%-20s %14.3f%n", "serde/plain", ratio(scores));
    }
}
