package io.inferstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferstream.inference.bench.InferenceBench;
import io.inferstream.recommend.bench.LearningBench;
import io.inferstream.recommend.bench.RecommendBench;
import io.inferstream.serde.bench.SerdeBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code inferstream bench ...}: benchmarks shipped in the jar, so they run wherever the jar does. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchCommand.Serde.class, BenchCommand.Inference.class, BenchCommand.Recommend.class},
    description = "Run a benchmark shipped in the jar. Subcommands: serde (JMH), inference (end to end on an embedded broker), "
        + "recommend (learning throughput, top-K latency, recommendation quality).")
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark: try 'inferstream bench serde' or 'inferstream bench inference'");
    }

    static CommandLine commandLine() {
        return new CommandLine(new BenchCommand());
    }

    /** {@code bench serde}: the registry serde's round trip against plain Avro binary. */
    @Command(name = "serde", mixinStandardHelpOptions = true,
        description = {"Avro serde round trip (Confluent wire format, cached registry lookups) vs plain Avro binary, "
            + "in records/s.", "JMH prints its progress while it runs; the table comes at the end."})
    static final class Serde implements Callable<Integer> {

        @Option(names = "--quick", description = "Short warmup and measurement (~30 s) instead of the full run (~80 s).")
        boolean quick;

        @Mixin
        JsonOutput json = new JsonOutput();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Double> scores = SerdeBench.run(quick);
            PrintWriter out = spec.commandLine().getOut();
            out.println();
            int width = Math.max(6, scores.keySet().stream().mapToInt(String::length).max().orElse(0));
            String row = "%-" + width + "s %16s  %s%n";
            out.printf(row, "metric", "value", "unit");
            scores.forEach((name, value) -> out.printf(row, name, format(name, value), unit(name)));
            out.println("(ratios are serde/plain throughput: 1.0 = no overhead; medians over rounds)");
            out.flush();
            json.write(toJson(scores), out);
            return ExitCodes.OK;
        }

        /** What a result key measures, from SerdeBench's naming: ratios contain '/', allocations end in the suffix. */
        static String unit(String name) {
            if (name.endsWith(SerdeBench.ALLOC_SUFFIX)) {
                return "bytes/record";
            }
            return name.contains("/") ? "ratio" : "records/s";
        }

        static String format(String name, double value) {
            if (!Double.isFinite(value)) {
                return "n/a";
            }
            return unit(name).equals("ratio") ? String.format("%.3f", value) : String.format("%,.0f", value);
        }

        private ObjectNode toJson(Map<String, Double> scores) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("benchmark", "serde");
            root.put("quick", quick);
            ObjectNode results = root.putObject("results");
            scores.forEach((name, value) -> {
                ObjectNode r = results.putObject(name);
                if (Double.isFinite(value)) {
                    r.put("value", value);
                } else {
                    r.putNull("value");
                }
                r.put("unit", unit(name));
            });
            return root;
        }
    }

    /** {@code bench inference}: the scoring topology end to end, on an embedded broker and registry. */
    @Command(name = "inference", mixinStandardHelpOptions = true,
        description = {"End-to-end throughput of the scoring topology on an embedded broker, the embedded registry and "
            + "the demo model: N requests pre-produced to 4 partitions, results/s until all N results are readable "
            + "(read_committed). Scenarios: " + "exactly_once_v2 and at_least_once (max batch 64, max wait 5 ms), "
            + "exactly_once_v2 with max batch 1; then, after " + InferenceBench.WARM_UP_ROUNDS + " warm-up rounds, "
            + InferenceBench.OVERHEAD_ROUNDS + " alternating rounds of exactly_once_v2 without and "
            + "with drift monitoring (its observing step in the scoring topology, the drift topology beside it; the median of each: "
            + "what monitoring costs); plus direct model throughput without Kafka.",
            "Takes about 2 min with --quick (20k requests per scenario) and 3 min without (100k) on 2 cores."})
    static final class Inference implements Callable<Integer> {

        @Option(names = "--quick", description = "20k requests per scenario instead of 100k.")
        boolean quick;

        @Option(names = "--requests", paramLabel = "N", description = "Requests per scenario and per overhead round (instead of "
            + "the 20k or 100k of --quick or the default): longer overhead rounds give steadier medians.")
        Integer requests;

        @Option(names = "--rounds", paramLabel = "N", defaultValue = "" + InferenceBench.OVERHEAD_ROUNDS,
            description = "Drift overhead rounds, each one without and one with drift monitoring (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "" + InferenceBench.WARM_UP_ROUNDS,
            description = "Unmeasured rounds, each without and with drift monitoring, before the overhead rounds (default: "
                + "${DEFAULT-VALUE}): until the JIT compilers are done, a round measures them as much as the pipeline.")
        int warmup;

        @Option(names = "--dir", paramLabel = "DIR", description = "Where the broker's log and the state stores go (default: the "
            + "system temp directory): a tmpfs such as /dev/shm keeps the disk's write costs out of the figures.")
        Path dir;

        @Option(names = "--overhead-only", description = "Only the drift overhead rounds (after their warm-up rounds): no "
            + "scenarios, no direct model loop.")
        boolean overheadOnly;

        @Mixin
        JsonOutput json = new JsonOutput();

        @Spec
        CommandSpec spec;

        InferenceBench.Options options() {
            InferenceBench.Options base = quick ? InferenceBench.Options.quick() : InferenceBench.Options.full();
            if (requests != null) {
                base = base.withRequests(requests);
            }
            return base.withOverhead(rounds, overheadOnly).withWarmUp(warmup);
        }

        @Override
        public Integer call() throws Exception {
            InferenceBench.Result result = dir == null ? InferenceBench.run(options()) : InferenceBench.run(options(), dir);
            PrintWriter out = spec.commandLine().getOut();
            out.println();
            out.print(table(result));
            out.flush();
            json.write(toJson(result), out);
            return ExitCodes.OK;
        }

        static String table(InferenceBench.Result r) {
            StringBuilder sb = new StringBuilder();
            String row = "%-24s %14s %16s %12s %15s %10s%n";
            sb.append(String.format(row, "scenario", "results/s", "incl. startup/s", "mean batch", "model call us", "requests"));
            r.scenarios().forEach((name, s) -> sb.append(String.format(row, name, String.format("%,.0f", s.resultsPerSecond()),
                String.format("%,.0f", s.resultsPerSecondInclStartup()), String.format("%.1f", s.meanBatchSize()),
                String.format("%,.0f", s.meanModelCallMicros()), String.format("%,d", s.requests()))));
            if (r.direct() != null) {
                sb.append(String.format("direct LoadedModel.score, no Kafka: batch 1 %,.0f rows/s, batch 64 %,.0f rows/s%n",
                    r.direct().batch1RowsPerSecond(), r.direct().batch64RowsPerSecond()));
            }
            sb.append(String.format("(%d cores; results/s from the first committed result to the last; "
                + "model call us: mean per result of its batch's model-call time)%n", r.cores()));
            if (r.overhead() != null) {
                InferenceBench.DriftOverhead o = r.overhead();
                sb.append(String.format("drift monitoring overhead, %d alternating rounds of exactly_once_v2: median %,.0f results/s "
                    + "without, %,.0f with the drift topology (cost %.1f%%); rounds without %s, with %s%n", o.without().size(),
                    o.medianWithout(), o.medianWith(), 100 * o.cost(), rates(o.without()), rates(o.with())));
                if (!o.medianCpu(true).isEmpty()) {
                    sb.append(String.format("CPU per result (us, median of rounds, from the first result to the last): "
                        + "without %s; with %s%n", groups(o.medianCpu(false), "%.1f"), groups(o.medianCpu(true), "%.1f")));
                }
                if (!o.medianBrokerBytes(true).isEmpty()) {
                    sb.append(String.format("broker bytes appended per result (median of rounds): without %s; with %s%n",
                        groups(o.medianBrokerBytes(false), "%.1f"), groups(o.medianBrokerBytes(true), "%.1f")));
                }
                // per round, not a median: a round that still compiled a lot explains an outlying rate
                java.util.stream.Stream.concat(o.costsWithout().stream(), o.costsWith().stream())
                    .flatMap(c -> c.vmMillis().keySet().stream()).distinct()
                    .forEach(k -> sb.append(String.format("%s ms per round: without %s; with %s%n", k,
                        vmRounds(o.costsWithout(), k), vmRounds(o.costsWith(), k))));
            }
            return sb.toString();
        }

        /** {@code 1,200 / 300}: the milliseconds of {@code key} in each round, in round order. */
        private static String vmRounds(java.util.List<InferenceBench.Costs> rounds, String key) {
            return rates(rounds.stream().map(c -> c.vmMillis().getOrDefault(key, Double.NaN)).toList());
        }

        static ObjectNode toJson(InferenceBench.Result r) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            ObjectNode scenarios = root.putObject("scenarios");
            r.scenarios().forEach((name, s) -> {
                ObjectNode n = scenarios.putObject(name);
                n.put("results_per_s", s.resultsPerSecond());
                n.put("results_per_s_incl_startup", s.resultsPerSecondInclStartup());
                n.put("mean_batch_size", s.meanBatchSize());
                n.put("mean_model_call_us", s.meanModelCallMicros());
                n.put("requests", s.requests());
            });
            if (r.direct() != null) {
                ObjectNode direct = root.putObject("direct");
                direct.put("batch_1_rows_per_s", r.direct().batch1RowsPerSecond());
                direct.put("batch_64_rows_per_s", r.direct().batch64RowsPerSecond());
            }
            root.putObject("machine").put("cores", r.cores());
            if (r.overhead() != null) {
                ObjectNode o = root.putObject("drift_overhead");
                o.put("median_without_results_per_s", r.overhead().medianWithout());
                o.put("median_with_results_per_s", r.overhead().medianWith());
                o.put("cost", r.overhead().cost());
                r.overhead().without().forEach(o.putArray("without_results_per_s")::add);
                r.overhead().with().forEach(o.putArray("with_results_per_s")::add);
                if (!r.overhead().medianCpu(true).isEmpty()) {
                    ObjectNode cpu = o.putObject("cpu_us_per_result");
                    r.overhead().medianCpu(false).forEach(cpu.putObject("without")::put);
                    r.overhead().medianCpu(true).forEach(cpu.putObject("with")::put);
                }
                if (!r.overhead().medianBrokerBytes(true).isEmpty()) {
                    ObjectNode bytes = o.putObject("broker_bytes_per_result");
                    r.overhead().medianBrokerBytes(false).forEach(bytes.putObject("without")::put);
                    r.overhead().medianBrokerBytes(true).forEach(bytes.putObject("with")::put);
                }
                if (java.util.stream.Stream.concat(r.overhead().costsWithout().stream(), r.overhead().costsWith().stream())
                    .anyMatch(c -> !c.vmMillis().isEmpty())) {
                    ObjectNode vm = o.putObject("vm_ms_per_round");
                    vmJson(vm.putArray("without"), r.overhead().costsWithout());
                    vmJson(vm.putArray("with"), r.overhead().costsWith());
                }
            }
            return root;
        }

        private static String groups(java.util.Map<String, Double> groups, String format) {
            return groups.entrySet().stream().map(e -> e.getKey() + " " + String.format(format, e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
        }

        private static void vmJson(com.fasterxml.jackson.databind.node.ArrayNode rounds, java.util.List<InferenceBench.Costs> costs) {
            costs.forEach(c -> c.vmMillis().forEach(rounds.addObject()::put));
        }

        private static String rates(java.util.List<Double> values) {
            return values.stream().map(v -> String.format("%,.0f", v)).collect(java.util.stream.Collectors.joining(" / "));
        }
    }

    /** {@code bench recommend}: online learning through Kafka, top-K latency against a plain scan, and quality. */
    @Command(name = "recommend", mixinStandardHelpOptions = true,
        description = {"The recommendation topology's learning throughput on an embedded broker (exactly_once_v2 and "
            + "at_least_once, with item-factor staleness), top-K latency (k=32) for 10k and 100k items beside a plain "
            + "float[] dot-product scan of the same matrix, and prequential recall@10 of the online model against the "
            + "popularity baseline and an offline MF on a generated stream with a planted preference shift.",
            "--quick: about 60-90 s on 2 cores; the full run (300k events, 5k users, 2k items) several minutes."})
    static final class Recommend implements Callable<Integer> {

        @Option(names = "--quick", description = "Smaller streams and shorter top-K runs (within 90 s).")
        boolean quick;

        @Mixin
        JsonOutput json = new JsonOutput();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, LearningBench.Result> learning = LearningBench.run(quick ? LearningBench.Options.quick()
                : LearningBench.Options.full());
            RecommendBench.Result result = RecommendBench.run(quick ? RecommendBench.Options.quick() : RecommendBench.Options.full())
                .withLearning(learningJson(learning));
            PrintWriter out = spec.commandLine().getOut();
            out.println();
            out.print(table(learning, result));
            out.flush();
            json.write(new ObjectMapper().valueToTree(result), out);
            return ExitCodes.OK;
        }

        static Map<String, Object> learningJson(Map<String, LearningBench.Result> learning) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            learning.forEach((guarantee, r) -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("events_per_s", r.eventsPerSecond());
                m.put("steady_events_per_s", r.steadyEventsPerSecond());
                m.put("events", r.events());
                m.put("seconds", r.seconds());
                m.put("staleness_updates_p50", r.stalenessP50());
                m.put("staleness_updates_p99", r.stalenessP99());
                m.put("visibility_lag_ms_p50", r.visibilityLagP50Ms());
                m.put("visibility_lag_ms_p99", r.visibilityLagP99Ms());
                out.put(guarantee, m);
            });
            return out;
        }

        static String table(Map<String, LearningBench.Result> learning, RecommendBench.Result r) {
            StringBuilder sb = new StringBuilder();
            String row = "%-18s %12s %12s %10s %22s %22s%n";
            sb.append(String.format(row, "learning", "events/s", "steady ev/s", "events", "staleness p50/p99 upd", "visible p50/p99 ms"));
            learning.forEach((g, l) -> sb.append(String.format(row, g, String.format("%,.0f", l.eventsPerSecond()),
                String.format("%,.0f", l.steadyEventsPerSecond()),
                String.format("%,d", l.events()), l.stalenessP50() + " / " + l.stalenessP99(),
                l.visibilityLagP50Ms() + " / " + l.visibilityLagP99Ms())));
            String topRow = "%-18s %12s %12s %12s %10s%n";
            sb.append(String.format(topRow, "top-32 items", "p50 ms", "p99 ms", "scan ms", "ratio"));
            r.topK().forEach((items, t) -> sb.append(String.format(topRow, items, String.format("%.3f", t.p50Ms()),
                String.format("%.3f", t.p99Ms()), String.format("%.3f", t.scanMs()), String.format("%.2f", t.ratioToScan()))));
            RecommendBench.Quality q = r.quality();
            sb.append(String.format("recall@10: online %.4f, popularity %.4f (x%.1f), offline MF %.4f vs online %.4f on the same "
                + "events (x%.2f)%n", q.recall(), q.popularityRecall(), q.recall() / q.popularityRecall(), q.offlineRecall(),
                q.onlineRecallOnOfflineEvents(), q.onlineRecallOnOfflineEvents() / q.offlineRecall()));
            if (q.shiftRecoveryFraction() != null) {
                sb.append(String.format("preference shift: recall %.4f before, lowest %.4f after, %s%n", q.shiftPreRecall(),
                    q.shiftLowestRecall(), q.shiftRecoveryFraction() >= 1.0 ? "not back within 10% by the end of the stream"
                        : String.format("back within 10%% after %.0f%% of the post-shift events", 100 * q.shiftRecoveryFraction())));
            }
            sb.append(String.format("(%d cores; learning events/s include the topology's start-up; steady from 10%% of the events on)%n",
                Runtime.getRuntime().availableProcessors()));
            return sb.toString();
        }
    }

    /** The {@code --json FILE} option every benchmark has, and the writing of its file. */
    static final class JsonOutput {

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
        Path file;

        /** Writes {@code root} (indented) to the file, creating its directory, and says so on {@code out}; no-op without --json. */
        void write(JsonNode root, PrintWriter out) throws IOException {
            if (file == null) {
                return;
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
            out.println("Wrote " + file);
            out.flush();
        }
    }
}
