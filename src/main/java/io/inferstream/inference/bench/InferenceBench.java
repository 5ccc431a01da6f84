package io.inferstream.inference.bench;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ShadowComparison;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.inference.BatchingSettings;
import io.inferstream.inference.DemoRequests;
import io.inferstream.inference.ModelManager;
import io.inferstream.inference.ScoringSettings;
import io.inferstream.inference.ShadowWindowSettings;
import io.inferstream.inference.ScoringTopics;
import io.inferstream.inference.ScoringTopology;
import io.inferstream.inference.ScoringMetrics;
import io.inferstream.inference.ResultTap;
import io.inferstream.drift.monitor.DriftCounters;
import io.inferstream.model.BatchInput;
import io.inferstream.model.DemoModels;
import io.inferstream.model.LoadedModel;
import io.inferstream.model.ModelLoadException;
import io.inferstream.model.ModelLoader;
import io.inferstream.model.ModelRepository;
import io.inferstream.model.SyntheticCtr;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.registry.server.SchemaRegistryServer;
import io.inferstream.registry.server.SchemaRegistryServerConfig;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end throughput of the scoring topology, for {@code inferstream bench inference}: a real single-node broker
 * and the embedded registry in this JVM, the demo CTR model trained into a temporary repository, and per scenario
 * a fresh set of topics with {@code N} requests produced before the topology starts. The clock runs until all
 * {@code N} results are readable under read_committed.
 *
 * <p>Why two rates: a fresh Streams instance spends a few seconds joining its group and initialising transactions
 * before it scores anything, which says nothing about steady-state throughput. {@link Scenario#resultsPerSecond()}
 * starts the clock at the first result read; {@link Scenario#resultsPerSecondInclStartup()} at {@code start()}.
 * Results of the first committed transaction were scored before that clock started, so the first rate is slightly
 * generous by at most one commit interval's worth of results.
 *
 * <p>Everything (broker, registry, Streams, producer, consumer) shares the machine's cores, as it would on a
 * one-box deployment: the numbers are for comparing scenarios on one machine, not absolute capacity.
 */
public final class InferenceBench {

    private static final Logger log = LoggerFactory.getLogger(InferenceBench.class);
    private static final int PARTITIONS = 4;
    private static final int USERS = 500;
    private static final BatchingSettings DEFAULT_BATCHING = new BatchingSettings(64, Duration.ofMillis(5));

    /** The scenarios in the order they run: name, processing guarantee, batching. */
    public static final List<ScenarioSpec> SCENARIOS = List.of(
        new ScenarioSpec("exactly_once_v2", StreamsConfig.EXACTLY_ONCE_V2, DEFAULT_BATCHING),
        new ScenarioSpec("at_least_once", StreamsConfig.AT_LEAST_ONCE, DEFAULT_BATCHING),
        new ScenarioSpec("exactly_once_v2_batch_1", StreamsConfig.EXACTLY_ONCE_V2, new BatchingSettings(1, Duration.ofMillis(5))));

    /**
     * What drift monitoring costs: after {@link #SCENARIOS} and warm-up rounds ({@link #overheadWarmUp}, so the JVM is
     * warm for both), this many rounds of exactly_once_v2 without and with drift monitoring (its observing step in the
     * scoring topology, the drift topology running beside it), alternating which goes first in each round, so neither side
     * profits from running later; {@link DriftOverhead} reports the median of each.
     */
    public static final int OVERHEAD_ROUNDS = 7;

    /** Warm-up rounds before them by default ({@link #overheadWarmUp}). */
    public static final int WARM_UP_ROUNDS = 3;

    private InferenceBench() {
    }

    /**
     * @param requests        requests per scenario (and per overhead round)
     * @param directSeconds   measured seconds per batch size of the direct model loop (after as long a warm-up)
     * @param scenarioTimeout a scenario that has not produced all its results by then fails
     * @param overheadRounds  drift overhead rounds (each one without and one with drift monitoring)
     * @param overheadOnly    only the warm-up and the overhead rounds: no {@link #SCENARIOS}, no direct model loop
     * @param warmUpRounds    unmeasured rounds (each without and with drift) before the overhead rounds
     */
    public record Options(int requests, double directSeconds, Duration scenarioTimeout, int overheadRounds, boolean overheadOnly,
                          int warmUpRounds) {
        public Options {
            if (requests < 1) {
                throw new IllegalArgumentException("requests must be >= 1, got " + requests);
            }
            if (!(directSeconds > 0)) {
                throw new IllegalArgumentException("direct seconds must be > 0, got " + directSeconds);
            }
            if (overheadRounds < 1) {
                throw new IllegalArgumentException("overhead rounds must be >= 1, got " + overheadRounds);
            }
            if (warmUpRounds < 1) {
                throw new IllegalArgumentException("warm-up rounds must be >= 1, got " + warmUpRounds);
            }
            Objects.requireNonNull(scenarioTimeout, "scenarioTimeout");
        }

        /** Every scenario and {@link #OVERHEAD_ROUNDS} overhead rounds. */
        public Options(int requests, double directSeconds, Duration scenarioTimeout) {
            this(requests, directSeconds, scenarioTimeout, OVERHEAD_ROUNDS, false, WARM_UP_ROUNDS);
        }

        /** The same with {@code n} requests per scenario and round. */
        public Options withRequests(int n) {
            return new Options(n, directSeconds, scenarioTimeout, overheadRounds, overheadOnly, warmUpRounds);
        }

        /** The same with {@code rounds} overhead rounds, and with only those when {@code only}. */
        public Options withOverhead(int rounds, boolean only) {
            return new Options(requests, directSeconds, scenarioTimeout, rounds, only, warmUpRounds);
        }

        /** The same with {@code rounds} warm-up rounds before the overhead rounds. */
        public Options withWarmUp(int rounds) {
            return new Options(requests, directSeconds, scenarioTimeout, overheadRounds, overheadOnly, rounds);
        }

        /** 20k requests per scenario, 2 s per direct batch size. */
        public static Options quick() {
            return new Options(20_000, 2, Duration.ofMinutes(3));
        }

        /** 100k requests per scenario, 5 s per direct batch size. */
        public static Options full() {
            return new Options(100_000, 5, Duration.ofMinutes(10));
        }
    }

    /** One scenario's settings; {@code withDrift}: the drift topology runs beside the scoring topology. */
    public record ScenarioSpec(String name, String guarantee, BatchingSettings batching, boolean withDrift) {
        public ScenarioSpec(String name, String guarantee, BatchingSettings batching) {
            this(name, guarantee, batching, false);
        }
    }

    /**
     * One scenario's measurements.
     *
     * @param requests                    requests produced (= results read)
     * @param resultsPerSecond            results/s from the first result read to the last
     * @param resultsPerSecondInclStartup results/s from {@code KafkaStreams.start()} to the last result
     * @param meanBatchSize               mean of the results' {@code batchSize} (rows per model call)
     * @param meanModelCallMicros         mean of the results' {@code latencyMicros} (per result, so weighted by batch)
     * @param costs                       what each result cost this JVM between the first result and the last
     */
    public record Scenario(int requests, double resultsPerSecond, double resultsPerSecondInclStartup, double meanBatchSize,
                           double meanModelCallMicros, Costs costs) {
        public Scenario {
            Objects.requireNonNull(costs, "costs");
        }

        /** Without cost figures. */
        public Scenario(int requests, double resultsPerSecond, double resultsPerSecondInclStartup, double meanBatchSize,
                        double meanModelCallMicros) {
            this(requests, resultsPerSecond, resultsPerSecondInclStartup, meanBatchSize, meanModelCallMicros, Costs.NONE);
        }
    }

    /**
     * Per result: CPU microseconds by thread group ({@link ThreadCpu#perResult}) and bytes the broker appended by topic
     * group ({@link BrokerBytes#perResult}); and the milliseconds this JVM spent compiling and collecting in the same
     * interval ({@link VmTime#millis}). Any may be empty where not measured. Groups keep the order they are reported in.
     */
    public record Costs(Map<String, Double> cpuMicros, Map<String, Double> brokerBytes, Map<String, Double> vmMillis) {
        public static final Costs NONE = new Costs(Map.of(), Map.of(), Map.of());

        public Costs {
            cpuMicros = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cpuMicros));
            brokerBytes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(brokerBytes));
            vmMillis = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vmMillis));
        }
    }

    /** Direct {@code LoadedModel.score} throughput on the demo model, no Kafka. */
    public record Direct(double batch1RowsPerSecond, double batch64RowsPerSecond) {
    }

    /**
     * The drift overhead rounds: steady results/s of exactly_once_v2 without and with the drift topology, in round order.
     *
     * @param without each round's results/s without drift monitoring
     * @param with    each round's results/s with the drift topology running beside scoring
     * @param costsWithout each round's {@link Costs} without drift monitoring (empty: not measured)
     * @param costsWith    the same with drift monitoring
     */
    public record DriftOverhead(List<Double> without, List<Double> with, List<Costs> costsWithout, List<Costs> costsWith) {
        public DriftOverhead {
            without = List.copyOf(without);
            with = List.copyOf(with);
            costsWithout = List.copyOf(costsWithout);
            costsWith = List.copyOf(costsWith);
        }

        /** Without cost figures. */
        public DriftOverhead(List<Double> without, List<Double> with) {
            this(without, with, List.of(), List.of());
        }

        /** The median over rounds of each thread group's CPU microseconds per result; empty when not measured. */
        public Map<String, Double> medianCpu(boolean withDrift) {
            return medians((withDrift ? costsWith : costsWithout).stream().map(Costs::cpuMicros).toList());
        }

        /** The median over rounds of each topic group's broker bytes per result; empty when not measured. */
        public Map<String, Double> medianBrokerBytes(boolean withDrift) {
            return medians((withDrift ? costsWith : costsWithout).stream().map(Costs::brokerBytes).toList());
        }

        /** Per group (in the order the rounds report them), the median over the rounds that report it. */
        private static Map<String, Double> medians(List<Map<String, Double>> rounds) {
            Map<String, Double> medians = new LinkedHashMap<>();
            rounds.stream().flatMap(m -> m.keySet().stream()).distinct().forEach(group ->
                medians.put(group, median(rounds.stream().filter(m -> m.containsKey(group)).map(m -> m.get(group)).toList())));
            return medians;
        }

        public double medianWithout() {
            return median(without);
        }

        public double medianWith() {
            return median(with);
        }

        /** Share of the throughput lost to monitoring: {@code 1 - median(with) / median(without)}. */
        public double cost() {
            return 1 - medianWith() / medianWithout();
        }

        static double median(List<Double> values) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    /** All measurements; {@code scenarios} in run order; {@code direct} and {@code overhead} null when not measured. */
    public record Result(Map<String, Scenario> scenarios, Direct direct, int cores, DriftOverhead overhead) {
        public Result(Map<String, Scenario> scenarios, Direct direct, int cores) {
            this(scenarios, direct, cores, null);
        }
    }

    /**
     * Unmeasured rounds before the overhead rounds, each without and with drift. Why more than one: on two cores the JIT
     * compilers were measured still compiling 2-5 s per round (CompilationMXBean) through the first rounds after a single
     * warm-up, in both scoring and drift code, so rounds measured too early mostly measured where the compilers were.
     */
    public static List<ScenarioSpec> overheadWarmUp(int rounds) {
        return java.util.stream.IntStream.range(0, rounds).boxed().flatMap(r -> Stream.of(
            new ScenarioSpec("overhead_warmup" + (r == 0 ? "" : "_" + r) + "_exactly_once_v2", StreamsConfig.EXACTLY_ONCE_V2, DEFAULT_BATCHING),
            new ScenarioSpec("overhead_warmup" + (r == 0 ? "" : "_" + r) + "_exactly_once_v2_with_drift", StreamsConfig.EXACTLY_ONCE_V2,
                DEFAULT_BATCHING, true))).toList();
    }

    /** The specs of overhead round {@code round}: exactly_once_v2 without and with drift, in the order they run. */
    public static List<ScenarioSpec> overheadRound(int round) {
        ScenarioSpec without = new ScenarioSpec("overhead_" + round + "_exactly_once_v2", StreamsConfig.EXACTLY_ONCE_V2, DEFAULT_BATCHING);
        ScenarioSpec with = new ScenarioSpec("overhead_" + round + "_exactly_once_v2_with_drift", StreamsConfig.EXACTLY_ONCE_V2,
            DEFAULT_BATCHING, true);
        return round % 2 == 0 ? List.of(without, with) : List.of(with, without);
    }

    /** Runs every scenario of {@link #SCENARIOS}, then the direct model loop, in the system temp directory. */
    public static Result run(Options options) throws Exception {
        return run(options, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * The same in a new directory under {@code parent} (the broker's log, the state stores, the model repository),
     * removed afterwards. Why it can matter: the broker, the stores and the bench share one machine, so where that
     * directory lies is part of what is measured; on this project's VM, with it on the ext4 disk, some rounds (with and
     * without drift alike) needed two to three times the CPU per result in every thread, which a tmpfs (/dev/shm) did not.
     */
    public static Result run(Options options, Path parent) throws Exception {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "inferstream-bench-inference-");
        try {
            Path repo = dir.resolve("models");
            Map<String, Scenario> scenarios = new LinkedHashMap<>();
            DriftOverhead overhead = null;
            try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.ephemeral(dir.resolve("kafka")));
                 SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.ephemeral())) {
                // All topics first, then the model build: a partition written to right after its creation can
                // still be settling on the broker (the producer's first batches then bounce and retry).
                List<ScenarioSpec> warmUp = overheadWarmUp(options.warmUpRounds());
                List<ScenarioSpec> rounds = Stream.concat(warmUp.stream(), java.util.stream.IntStream.range(0, options.overheadRounds())
                    .boxed().flatMap(r -> overheadRound(r).stream())).toList();
                createTopics(kafka.bootstrapServers(), Stream.concat(SCENARIOS.stream(), rounds.stream())
                    .flatMap(s -> topicNames(s).stream()).toList());
                log.info("Building the demo model into {}", repo);
                DemoModels.build(repo, 42);
                try (ModelManager models = new ModelManager(new ModelRepository(repo), new ModelLoader()::load, Map.of(), e -> { },
                    "bench", Clock.systemUTC())) {
                    models.start(Duration.ofMinutes(10));
                    for (ScenarioSpec spec : options.overheadOnly() ? List.<ScenarioSpec>of() : SCENARIOS) {
                        log.info("Scenario {}: {} requests", spec.name(), options.requests());
                        Scenario s = new ScenarioRun(spec, kafka.bootstrapServers(), registry.url(),
                            dir.resolve("state-" + spec.name()), models, repo, options).run();
                        log.info("Scenario {}: {}", spec.name(), s);
                        scenarios.put(spec.name(), s);
                    }
                    List<Double> without = new ArrayList<>();
                    List<Double> with = new ArrayList<>();
                    List<Costs> costsWithout = new ArrayList<>();
                    List<Costs> costsWith = new ArrayList<>();
                    for (ScenarioSpec spec : rounds) {
                        // What the previous round left on the heap is collected now, not during this round.
                        System.gc();
                        Scenario s = new ScenarioRun(spec, kafka.bootstrapServers(), registry.url(),
                            dir.resolve("state-" + spec.name()), models, repo, options).run();
                        log.info("Overhead round {}: {}", spec.name(), s);
                        if (!warmUp.contains(spec)) {
                            (spec.withDrift() ? with : without).add(s.resultsPerSecond());
                            (spec.withDrift() ? costsWith : costsWithout).add(s.costs());
                        }
                    }
                    overhead = new DriftOverhead(without, with, costsWithout, costsWith);
                }
            }
            Direct direct = options.overheadOnly() ? null : direct(repo, options.directSeconds());
            return new Result(scenarios, direct, Runtime.getRuntime().availableProcessors(), overhead);
        } finally {
            deleteTree(dir);
        }
    }

    private static String prefix(ScenarioSpec spec) {
        return "bench-" + spec.name() + "-";
    }

    private static List<String> topicNames(ScenarioSpec spec) {
        String p = prefix(spec);
        return List.of(p + "inference-requests", p + "inference-results", p + "dead-letters", p + "shadow-comparisons",
            p + "model-drift-metrics", p + "model-drift-alerts", p + "drift-reference-profiles", p + "user-events", p + "labels",
            p + "drift-observations");
    }

    /** Creates the topics and waits until every partition has a leader. */
    private static void createTopics(String bootstrap, List<String> names) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, PARTITIONS, (short) 1)).toList()).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                boolean ready;
                try {
                    ready = admin.describeTopics(names).allTopicNames().get().values().stream()
                        .allMatch(d -> d.partitions().size() == PARTITIONS && d.partitions().stream().allMatch(p -> p.leader() != null));
                } catch (ExecutionException e) {
                    // Right after creation the broker may not know every new topic yet (more so with many topics).
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    ready = false;
                }
                if (ready) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics without leaders after 30 s: " + names);
                }
                Thread.sleep(100);
            }
        }
    }

    static Direct direct(Path repo, double seconds) throws ModelLoadException, IOException {
        try (LoadedModel model = new ModelLoader().load(new ModelRepository(repo).versions(DemoModels.MODEL_NAME).get(0))) {
            double b1 = rowsPerSecond(model, 1, seconds);
            double b64 = rowsPerSecond(model, 64, seconds);
            return new Direct(b1, b64);
        }
    }

    /** A timed loop after as long a warm-up (simple rather than JMH: the figure is context for the Kafka numbers). */
    private static double rowsPerSecond(LoadedModel model, int batch, double seconds) {
        BatchInput input = new SyntheticCtr(SyntheticCtr.Regime.BASELINE, 7).sample(batch).toBatchInput();
        long budget = (long) (seconds * 1e9);
        timedCalls(model, input, budget);
        long[] callsAndNanos = timedCalls(model, input, budget);
        return (double) callsAndNanos[0] * batch * 1e9 / callsAndNanos[1];
    }

    private static long[] timedCalls(LoadedModel model, BatchInput input, long budgetNanos) {
        long start = System.nanoTime();
        long calls = 0;
        long elapsed;
        do {
            model.score(input);
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budgetNanos);
        return new long[] {calls, elapsed};
    }

    /** One scenario on its own topics, application id and state directory. */
    private record ScenarioRun(ScenarioSpec spec, String bootstrap, String registryUrl, Path stateDir, ModelManager models,
                               Path repo, Options options) {

        Scenario run() throws Exception {
            try (SchemaRegistryClient registry = SchemaRegistryClients.create(registryUrl)) {
                return run(registry);
            }
        }

        private Scenario run(SchemaRegistryClient registry) throws Exception {
            String prefix = prefix(spec);
            AvroSerdeConfig serdeConfig = AvroSerdeConfig.of(registryUrl);
            ScoringTopics topics = topics(prefix, registry, serdeConfig);
            produceRequests(topics.requests().name(), registry, serdeConfig);

            ScoringSettings settings = new ScoringSettings(null, spec.batching(), 1024, false, 1e-6, ShadowWindowSettings.defaults());
            // With drift: its observing step in the scoring topology (the default, drift.observe=scoring), its judging
            // step in a drift topology beside it.
            DriftCounters counters = new DriftCounters();
            ResultTap tap = spec.withDrift() ? DriftBeside.tap(prefix, registry, serdeConfig, counters) : ResultTap.NONE;
            var topology = ScoringTopology.build(settings, topics, new ScoringTopology.Collaborators(models,
                () -> AvroSerdes.specific(InferenceRequest.class, registry, serdeConfig, false).deserializer(), Clock.systemUTC(),
                ScoringMetrics.none(), tap));
            try (KafkaConsumer<byte[], byte[]> consumer = resultsConsumer(topics);
                 DriftBeside drift = spec.withDrift() ? DriftBeside.start(prefix, bootstrap, registry, serdeConfig, repo,
                     streamsProps(prefix + "drift-"), counters) : null) {
                KafkaStreams streams = new KafkaStreams(topology, streamsProps(prefix));
                long started = System.nanoTime();
                Collected c;
                try {
                    streams.start();
                    c = collect(consumer, topics, started);
                } finally {
                    streams.close(Duration.ofSeconds(30));
                }
                Deserializer<InferenceResult> decoder = topics.results().valueSerde().deserializer();
                Costs costs = new Costs(c.cpuFrom() == null ? Map.of() : ThreadCpu.perResult(c.cpuFrom(), c.cpuTo(), c.results().size(),
                    prefix + "app", spec.withDrift() ? prefix + "drift-app" : null),
                    c.bytesFrom().isEmpty() ? Map.of() : BrokerBytes.perResult(c.bytesFrom(), c.bytesTo(), c.results().size(), prefix),
                    VmTime.millis(c.vmFrom(), c.vmTo()));
                return summarise(c.results(), started, c.firstNanos(), c.lastNanos(), topics.results().name(), decoder, costs);
            }
        }

        private static ScoringTopics topics(String prefix, SchemaRegistryClient registry, AvroSerdeConfig serdeConfig) {
            return new ScoringTopics(
                new Topic<>(prefix + "inference-requests", Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(prefix + "inference-results", Serdes.ByteArray(),
                    AvroSerdes.specific(InferenceResult.class, registry, serdeConfig, false)),
                new Topic<>(prefix + "dead-letters", Serdes.ByteArray(), AvroSerdes.specific(DeadLetter.class, registry, serdeConfig, false)),
                new Topic<>(prefix + "shadow-comparisons", Serdes.ByteArray(),
                    AvroSerdes.specific(ShadowComparison.class, registry, serdeConfig, false)),
                new Topic<>(prefix + "model-drift-metrics", Serdes.String(), AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false)));
        }

        private void produceRequests(String topic, SchemaRegistryClient registry, AvroSerdeConfig serdeConfig)
            throws InterruptedException {
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
            var serializer = AvroSerdes.specific(InferenceRequest.class, registry, serdeConfig, false).serializer();
            SyntheticCtr.Sample sample = new SyntheticCtr(SyntheticCtr.Regime.BASELINE, 11).sample(options.requests());
            List<Future<RecordMetadata>> sent = new ArrayList<>(options.requests());
            try (KafkaProducer<String, InferenceRequest> producer = new KafkaProducer<>(config, new StringSerializer(), serializer)) {
                for (int i = 0; i < options.requests(); i++) {
                    String user = "user-" + (i * 7919L % USERS);
                    sent.add(producer.send(new ProducerRecord<>(topic, user, DemoRequests.ctr("bench-" + i, user, sample, i, false))));
                }
                producer.flush();
                for (Future<RecordMetadata> f : sent) {
                    f.get(); // a request that was not written would leave the scenario waiting for its result
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("scenario " + spec.name() + ": could not produce the requests to " + topic + ": "
                    + e.getCause(), e.getCause());
            }
        }

        private KafkaConsumer<byte[], byte[]> resultsConsumer(ScoringTopics topics) {
            Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + spec.name(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topics.results().name(), topics.deadLetters().name()));
            return consumer;
        }

        /**
         * Reads until every request has its result; the values are decoded only after the clock stops. The threads' CPU
         * time is read at the first and the last result, where the rate is measured (so start-up is not counted).
         */
        private Collected collect(KafkaConsumer<byte[], byte[]> consumer, ScoringTopics topics, long started) {
            int n = options.requests();
            List<byte[]> results = new ArrayList<>(n);
            long deadLetters = 0;
            long first = -1;
            long last = -1;
            ThreadCpu.Snapshot cpuFrom = null;
            VmTime.Snapshot vmFrom = null;
            Map<String, Long> bytesFrom = Map.of();
            long deadline = started + options.scenarioTimeout().toNanos();
            while (results.size() + deadLetters < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("scenario " + spec.name() + ": only " + results.size() + " results and "
                        + deadLetters + " dead letters of " + n + " requests after " + options.scenarioTimeout());
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                if (records.isEmpty()) {
                    continue;
                }
                long now = System.nanoTime();
                if (first < 0) {
                    first = now;
                    cpuFrom = ThreadCpu.supported() ? ThreadCpu.snapshot() : null;
                    bytesFrom = BrokerBytes.snapshot();
                    vmFrom = VmTime.snapshot();
                }
                last = now;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.topic().equals(topics.results().name())) {
                        results.add(r.value());
                    } else {
                        deadLetters++;
                    }
                }
            }
            if (deadLetters > 0) {
                throw new IllegalStateException("scenario " + spec.name() + ": " + deadLetters + " of " + n
                    + " requests were dead-lettered; see " + topics.deadLetters().name());
            }
            return new Collected(results, first, last, cpuFrom, cpuFrom == null ? null : ThreadCpu.snapshot(), bytesFrom,
                bytesFrom.isEmpty() ? Map.of() : BrokerBytes.snapshot(), vmFrom, VmTime.snapshot());
        }

        private static Scenario summarise(List<byte[]> results, long started, long first, long last, String topic,
                                          Deserializer<InferenceResult> deserializer, Costs costs) {
            double batchSum = 0;
            double latencySum = 0;
            for (byte[] value : results) {
                InferenceResult r = deserializer.deserialize(topic, value);
                batchSum += r.getBatchSize();
                latencySum += r.getLatencyMicros();
            }
            int n = results.size();
            double steady = (last - first) > 0 ? n * 1e9 / (last - first) : Double.NaN;
            return new Scenario(n, steady, n * 1e9 / (last - started), batchSum / n, latencySum / n, costs);
        }

        private Properties streamsProps(String prefix) {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "app");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, spec.guarantee());
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
            // As the app sets it (ScoringTopologyFactory#streamsDefaults): poll no longer than the batch wait.
            props.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, spec.batching().maxWait().toMillis()));
            return props;
        }
    }

    private record Collected(List<byte[]> results, long firstNanos, long lastNanos, ThreadCpu.Snapshot cpuFrom, ThreadCpu.Snapshot cpuTo,
                             Map<String, Long> bytesFrom, Map<String, Long> bytesTo, VmTime.Snapshot vmFrom, VmTime.Snapshot vmTo) {
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
