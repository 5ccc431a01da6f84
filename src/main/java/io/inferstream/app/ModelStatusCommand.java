package io.inferstream.app;

import io.inferstream.avro.ModelEvent;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code inferstream models status [MODEL]}: reads the whole model-control topic from the beginning, by assignment
 * and without a consumer group (as every instance does), and prints the commands and each instance's latest
 * report, so an operator sees whether every instance applied a change.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show the model-control topic: per model the commands in order, the latest report of every "
        + "instance for every version (DEPLOYED, UNLOADED, LOAD_FAILED, ROLLED_BACK, COMMAND_REJECTED, with reason and "
        + "time), and when each instance last reported.",
        "--follow then prints new commands and reports as they arrive, until Ctrl-C or --timeout without any."})
final class ModelStatusCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(200);

    @ParentCommand
    ModelsCommand parent;

    @Mixin
    ConfigOptions configOptions;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "Only this model (default: all).")
    String model;

    @Option(names = "--follow", description = "Keep printing new commands and reports.")
    boolean follow;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "How long to wait for Kafka and to read the topic (default: 30s); with --follow, stop when "
            + "nothing arrives for this long (default: run until Ctrl-C).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive, got " + timeout);
        }
        Duration wait = timeout == null ? KafkaConnection.CONNECT_TIMEOUT : timeout;
        InferstreamConfig config = configOptions.load(parent.context().env());
        String topic = ModelControlTopic.name(config);
        ModelControlTopic.check(config, wait);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> props = new HashMap<>(config.kafka().consumerConfig());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) wait.toMillis());
        try (SchemaRegistryClient client = Registries.client(config.registry());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                 new ByteArrayDeserializer())) {
            Deserializer<ModelEvent> deserializer = ModelControlTopic.serde(config, client).deserializer();
            List<TopicPartition> partitions = consumer.partitionsFor(topic, wait).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            ModelControlLog log = new ModelControlLog();
            readToEnd(consumer, partitions, wait, r -> decode(r, deserializer, err, log::add));
            log.print(out, topic, model);
            if (follow) {
                out.printf("%nFollowing (Ctrl-C to stop)%s...%n",
                    timeout == null ? "" : ", until nothing arrives for " + timeout.toSeconds() + " s");
                out.flush();
                FollowLoop.run(consumer, timeout, out, r -> {
                    decode(r, deserializer, err, e -> out.printf("%s  %s%n", e.getTimestamp(), ModelControlLog.describe(e)));
                    return true;
                });
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void readToEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Duration wait,
                           Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, wait);
        long deadline = System.nanoTime() + wait.toNanos();
        while (!atEnd(consumer, end)) {
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.UNAVAILABLE, "Could not read " + partitions + " to its end within "
                    + wait.toSeconds() + " s");
            }
            consumer.poll(POLL).forEach(each);
        }
    }

    private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** Decodes one record for {@code sink}, filtered by MODEL; one that does not decode is reported and skipped. */
    private void decode(ConsumerRecord<byte[], byte[]> r, Deserializer<ModelEvent> deserializer, PrintWriter err,
                        Consumer<ModelEvent> sink) {
        ModelEvent e;
        try {
            e = deserializer.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException ex) {
            err.println("error: partition " + r.partition() + " offset " + r.offset() + ": cannot decode, skipped: " + Main.describe(ex));
            err.flush();
            return;
        }
        if (e != null && (model == null || model.equals(e.getModel()))) {
            sink.accept(e);
        }
    }
}
