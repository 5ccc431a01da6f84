package io.inferstream.app;

import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.StandardTopic;
import io.inferstream.registry.RegistryException;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerializer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code inferstream produce TOPIC}: JSON lines in, Avro records (registry wire format) out. */
@Command(name = "produce", mixinStandardHelpOptions = true,
    description = {"Read JSON lines from stdin (or --file) and send each as an Avro record to TOPIC, through the "
        + "Schema Registry serde.",
        "The value schema is --schema, else --value-type, else the registry's latest for subject TOPIC-value, else the "
            + "standard schema of an Inferstream topic.",
        "--format plain (default): ordinary JSON; null|T unions unwrapped, missing fields take defaults, bytes as base64, "
            + "timestamps also as ISO-8601. --format avro: Avro's JSON encoding (unions wrapped as {\"string\": \"x\"})."})
final class ProduceCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    ConfigOptions configOptions;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "Kafka topic (or an Inferstream logical topic name).")
    String topic;

    @Option(names = "--file", paramLabel = "FILE", description = "Read lines from FILE instead of stdin.")
    Path file;

    @ArgGroup(exclusive = true)
    SchemaChoice schemaChoice;

    static final class SchemaChoice {
        @Option(names = "--schema", paramLabel = "FILE.avsc", description = "Value schema from an .avsc file.")
        Path schemaFile;

        @Option(names = "--value-type", paramLabel = "TYPE",
            description = "Value schema of a generated record: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ValueTypeCandidates.class)
        String valueType;
    }

    @ArgGroup(exclusive = true)
    KeyChoice keyChoice;

    static final class KeyChoice {
        @Option(names = "--key-field", paramLabel = "FIELD", description = "Use this value field's text as the key.")
        String keyField;

        @Option(names = "--envelope",
            description = "Each line is {\"key\": ..., \"value\": {...}} (as tail prints); the key is its text.")
        boolean envelope;
    }

    @Option(names = "--format", paramLabel = "plain|avro", defaultValue = "plain",
        converter = FormatConverter.class, description = "Input JSON form (default: ${DEFAULT-VALUE}).")
    JsonLineParser.Format format;

    @Spec
    CommandSpec spec;

    ProduceCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        InferstreamConfig config = configOptions.load(context.env());
        String topicName = Topics.resolve(config, topic);
        AvroSerdeConfig serdeConfig = Registries.serdeConfig(config.registry());
        PrintWriter out = spec.commandLine().getOut();
        try (SchemaRegistryClient client = Registries.client(config.registry());
             AvroSerializer<Object> serializer = new AvroSerializer<>(client, serdeConfig, false);
             BufferedReader in = input()) {
            Schema schema = valueSchema(config, client, topicName);
            JsonLineParser parser = new JsonLineParser(schema,
                format, keyChoice == null ? null : keyChoice.keyField, keyChoice != null && keyChoice.envelope);
            long sent = send(config, topicName, parser, serializer, in);
            out.printf("Produced %d record%s to %s%n", sent, sent == 1 ? "" : "s", topicName);
            out.flush();
        }
        return ExitCodes.OK;
    }

    private long send(InferstreamConfig config, String topicName, JsonLineParser parser, AvroSerializer<Object> serializer,
                      BufferedReader in) throws IOException {
        Map<String, Object> props = new HashMap<>(config.kafka().producerConfig());
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KafkaConnection.CONNECT_TIMEOUT.toMillis());
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) KafkaConnection.CONNECT_TIMEOUT.toMillis() + 30_000);
        long lineNumber = 0;
        long sent = 0;
        Future<RecordMetadata> last = null;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonLineParser.Parsed p;
                byte[] bytes;
                try {
                    p = parser.parse(lineNumber, line);
                    bytes = serializer.serialize(topicName, p.value());
                } catch (JsonLineParser.BadLine e) {
                    producer.flush();
                    throw new CliException(ExitCodes.FAILURE, e.getMessage() + " (" + sentBefore(sent) + ")");
                } catch (SerializationException | RegistryException e) {
                    producer.flush();
                    throw new CliException(ExitCodes.FAILURE, "line " + lineNumber + ": cannot serialize for " + topicName
                        + ": " + Main.describe(e) + " (" + sentBefore(sent) + ")", e);
                }
                last = producer.send(new ProducerRecord<>(topicName, p.key(), bytes));
                sent++;
            }
            producer.flush();
            if (last != null) {
                await(last, topicName);
            }
        }
        return sent;
    }

    private static String sentBefore(long sent) {
        return sent == 1 ? "1 record before it was sent" : sent + " records before it were sent";
    }

    private static void await(Future<RecordMetadata> f, String topicName) {
        try {
            f.get(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CliException(ExitCodes.FAILURE, "Sending to " + topicName + " failed: " + Main.describe(e.getCause()), e);
        } catch (TimeoutException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "Kafka did not acknowledge records to " + topicName, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "Interrupted", e);
        }
    }

    private Schema valueSchema(InferstreamConfig config, SchemaRegistryClient client, String topicName) {
        if (schemaChoice != null && schemaChoice.schemaFile != null) {
            try {
                return new Schema.Parser().parse(schemaChoice.schemaFile.toFile());
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "Cannot read schema " + schemaChoice.schemaFile + ": " + e.getMessage(), e);
            } catch (SchemaParseException e) {
                throw new CliException(ExitCodes.USAGE, "Invalid Avro schema in " + schemaChoice.schemaFile + ": " + e.getMessage(), e);
            }
        }
        if (schemaChoice != null && schemaChoice.valueType != null) {
            return ValueTypes.schema(schemaChoice.valueType);
        }
        String subject = topicName + "-value";
        try {
            return client.getLatest(subject).schema();
        } catch (RegistryException e) {
            if (e.httpStatus() != 404) {
                throw new CliException(ExitCodes.UNAVAILABLE, "Cannot get the latest schema of " + subject + ": " + e.getMessage(), e);
            }
        }
        return Topics.standardFor(config, topicName)
            .flatMap(StandardTopic::valueSchema).map(ValueTypes::schema)
            .orElseThrow(() -> new CliException(ExitCodes.USAGE, "No value schema for " + topicName + ": subject " + subject
                + " is not registered; give --schema FILE.avsc or --value-type TYPE"));
    }

    private BufferedReader input() {
        if (file == null) {
            return new BufferedReader(new InputStreamReader(context.stdin(), StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** picocli: {@code --format plain|avro}. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<JsonLineParser.Format> {
        @Override
        public JsonLineParser.Format convert(String value) {
            try {
                return JsonLineParser.Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected plain or avro, got '" + value + "'");
            }
        }
    }

    /** picocli: the known value types for help and completion. */
    static final class ValueTypeCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ValueTypes.NAMES.iterator();
        }
    }
}
