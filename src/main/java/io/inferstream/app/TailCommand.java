package io.inferstream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroDeserializer;
import io.inferstream.serde.AvroJson;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code inferstream tail TOPIC}: prints records as JSON lines, decoding Avro values through the registry (generic,
 * with each record's writer schema). Reads all partitions by assignment, without a consumer group, so it never
 * commits offsets or disturbs the pipeline's groups.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
    description = {"Print records of TOPIC as JSON lines: {\"partition\", \"offset\", \"timestamp\", \"key\", \"value\"}.",
        "Values are decoded from Avro via the Schema Registry; a record that cannot be decoded is reported on stderr "
            + "with its partition and offset, and tail goes on."})
final class TailCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliContext context;

    @Mixin
    ConfigOptions configOptions;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "Kafka topic (or an Inferstream logical topic name).")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest record (default: only new records).")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records (decoded or not).")
    Long max;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Stop when no record arrives for this long (e.g. 10s); default: run until Ctrl-C or --max.")
    Duration timeout;

    @Spec
    CommandSpec spec;

    TailCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (max != null && max < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max must be at least 1, got " + max);
        }
        InferstreamConfig config = configOptions.load(context.env());
        String topicName = Topics.resolve(config, topic);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> props = new HashMap<>(config.kafka().consumerConfig());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KafkaConnection.CONNECT_TIMEOUT.toMillis());
        // read_committed: under exactly_once_v2, aborted records are not results.
        props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (SchemaRegistryClient client = Registries.client(config.registry());
             AvroDeserializer<Object> deserializer = new AvroDeserializer<>(client, Registries.serdeConfig(config.registry()),
                 false, null, null);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                 new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topicName);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            partitions.forEach(consumer::position); // resolve positions now, before anything new arrives
            long[] seen = {0};
            FollowLoop.run(consumer, timeout, out, r -> {
                print(r, deserializer, out, err);
                seen[0]++;
                return max == null || seen[0] < max;
            });
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topicName) {
        Map<String, List<PartitionInfo>> topics = consumer.listTopics();
        List<PartitionInfo> infos = topics.get(topicName);
        if (infos == null || infos.isEmpty()) {
            throw new CliException(ExitCodes.FAILURE, "Topic " + topicName + " does not exist (create it with 'inferstream topics')");
        }
        List<TopicPartition> out = new ArrayList<>();
        infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
        return out;
    }

    private static void print(ConsumerRecord<byte[], byte[]> r, AvroDeserializer<Object> deserializer, PrintWriter out,
                              PrintWriter err) throws Exception {
        ObjectNode line = JSON.createObjectNode();
        line.put("partition", r.partition());
        line.put("offset", r.offset());
        line.put("timestamp", r.timestamp());
        line.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
        try {
            line.set("value", AvroJson.toJsonNode(deserializer.deserialize(r.topic(), r.headers(), r.value())));
        } catch (RuntimeException e) {
            err.println("error: partition " + r.partition() + " offset " + r.offset() + ": cannot decode value: "
                + Main.describe(e));
            err.flush();
            return;
        }
        out.println(JSON.writeValueAsString(line));
    }
}
