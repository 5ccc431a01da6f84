package io.inferstream.app;

import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.StandardTopic;
import io.inferstream.ops.alerts.DriftAlertMapper;
import io.inferstream.ops.alerts.WebhookSender;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code inferstream alerts}: the drift monitor's alerts for people. Prints every change of {@code model-drift-alerts}
 * and the number of open alerts, and with {@code --webhook} POSTs them in Alertmanager's webhook format, at least
 * once: the group's offsets move only past alerts the webhook accepted (see {@link AlertStream}).
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
    description = {"Follow the drift monitor's alerts (model-drift-alerts): one line per change (status, severity, "
        + "model/version/feature[/segment], metric value vs threshold, window, message) and 'N alerts open' when that "
        + "number changes.",
        "Reads the compacted topic from its start (the current state of every alert) in consumer group --group; "
            + "alerts before the group's committed offset are printed but not sent again. With --webhook, new alerts "
            + "are POSTed in Prometheus Alertmanager's webhook JSON (version 4), one notification per model, and "
            + "offsets are committed only once the webhook accepted them (at-least-once)."})
final class AlertsCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--group", paramLabel = "GROUP", defaultValue = "inferstream-alerts",
        description = "Consumer group whose offsets record what was delivered (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--from-now", description = "Skip the topic's history: only alerts that change from now on.")
    boolean fromNow;

    @Option(names = "--metrics", description = "Also print new DriftMetric records of model-drift-metrics (never sent).")
    boolean withMetrics;

    @Option(names = "--json", description = "Print each record as one JSON object per line; 'N alerts open' goes to stderr.")
    boolean json;

    @Option(names = "--webhook", paramLabel = "URL", description = "POST alerts to URL in Alertmanager's webhook format.")
    String webhook;

    @Option(names = "--header", paramLabel = "NAME=VALUE",
        description = "Request header for the webhook, e.g. 'Authorization=Bearer TOKEN'; repeatable.")
    List<String> headers = List.of();

    @Option(names = "--retries", paramLabel = "N", defaultValue = "5",
        description = "Retries after a connection error, timeout, 5xx or 429 (default: ${DEFAULT-VALUE}); other 4xx are not retried.")
    int retries;

    @Option(names = "--retry-backoff", paramLabel = "DURATION", defaultValue = "500ms", converter = DurationConverter.class,
        description = "Wait before the first retry, doubled for each further one (default: ${DEFAULT-VALUE}).")
    Duration retryBackoff;

    @Option(names = "--max-backoff", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
        description = "Longest wait between retries, also for a server's Retry-After (default: ${DEFAULT-VALUE}).")
    Duration maxBackoff;

    @Option(names = "--webhook-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
        description = "Longest wait for the webhook to connect or answer one request (default: ${DEFAULT-VALUE}).")
    Duration webhookTimeout;

    @Option(names = "--skip-undeliverable",
        description = "When the webhook still fails after the retries, report the alerts as lost and go on "
            + "(default: stop with exit code 4 without committing, so the next run sends them again).")
    boolean skipUndeliverable;

    @Option(names = "--alert-name", paramLabel = "NAME", defaultValue = DriftAlertMapper.DEFAULT_ALERT_NAME,
        description = "The alertname label (default: ${DEFAULT-VALUE}).")
    String alertName;

    @Option(names = "--receiver", paramLabel = "NAME", defaultValue = "inferstream",
        description = "The notification's receiver field (default: ${DEFAULT-VALUE}).")
    String receiver;

    @Option(names = "--external-url", paramLabel = "URL", defaultValue = "",
        description = "The notification's externalURL and each alert's generatorURL, e.g. a dashboard (default: empty).")
    String externalUrl;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Stop when no record arrives for this long (e.g. 30s); default: run until Ctrl-C.")
    Duration idleTimeout;

    @Option(names = "--max-alerts", paramLabel = "N", description = "Stop after N alert records (history included).")
    Long maxAlerts;

    @Spec
    CommandSpec spec;

    AlertsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        WebhookSender sender = webhook == null ? null : sender();
        if (maxAlerts != null && maxAlerts < 1) {
            throw new ParameterException(spec.commandLine(), "--max-alerts must be at least 1, got " + maxAlerts);
        }
        if (group.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--group must not be blank");
        }
        InferstreamConfig config = configOptions.load(context.env());
        String alertsTopic = config.topics().name(StandardTopic.MODEL_DRIFT_ALERTS);
        String metricsTopic = withMetrics ? config.topics().name(StandardTopic.MODEL_DRIFT_METRICS) : null;
        AvroSerdeConfig serdeConfig = Registries.serdeConfig(config.registry());
        try (SchemaRegistryClient client = Registries.client(config.registry());
             AvroSerde<DriftAlert> alertSerde = AvroSerdes.specific(DriftAlert.class, client, serdeConfig, false);
             AvroSerde<DriftMetric> metricSerde = AvroSerdes.specific(DriftMetric.class, client, serdeConfig, false);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(config), new ByteArrayDeserializer(),
                 new ByteArrayDeserializer())) {
            requireTopics(consumer, metricsTopic == null ? Set.of(alertsTopic) : Set.of(alertsTopic, metricsTopic));
            new AlertStream(consumer, alertSerde.deserializer(), metricSerde.deserializer(), sender,
                new DriftAlertMapper(alertName, receiver, externalUrl),
                new AlertStream.Options(alertsTopic, metricsTopic, fromNow, json, idleTimeout, maxAlerts, skipUndeliverable),
                spec.commandLine().getOut(), spec.commandLine().getErr()).run();
        }
        return ExitCodes.OK;
    }

    private WebhookSender sender() {
        URI url;
        try {
            url = new URI(webhook);
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--webhook: not a URL: " + webhook);
        }
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String h : headers) {
            int eq = h.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--header needs NAME=VALUE, got '" + h + "'");
            }
            parsed.put(h.substring(0, eq).trim(), h.substring(eq + 1).trim());
        }
        try {
            return new WebhookSender(url, parsed, new WebhookSender.RetryPolicy(retries, retryBackoff, maxBackoff),
                webhookTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Map<String, Object> consumerProps(InferstreamConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafka().consumerConfig());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KafkaConnection.CONNECT_TIMEOUT.toMillis());
        // read_committed: the drift topology writes under exactly_once_v2; an aborted alert never happened.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    private static void requireTopics(KafkaConsumer<?, ?> consumer, Set<String> topics) {
        Set<String> existing = consumer.listTopics().keySet();
        for (String t : topics) {
            if (!existing.contains(t)) {
                throw new CliException(ExitCodes.FAILURE, "Topic " + t + " does not exist (create it with 'inferstream topics')");
            }
        }
    }
}
