package io.inferstream.app;

import io.inferstream.config.InferstreamConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code inferstream run --config FILE}: the pipeline against an external Kafka and Schema Registry. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the pipeline against an external Kafka cluster and Schema Registry.",
        "Validates the config, checks that Kafka and the registry answer, creates missing topics (topics.create=true) "
            + "and starts every registered topology until Ctrl-C."})
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    private final CliContext context;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Stop after this long (e.g. 30s, 5m); default: until Ctrl-C.")
    Duration duration;

    @Spec
    CommandSpec spec;

    RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (configOptions.configFile().isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                "Missing required option: '--config=FILE' (start from config/production.properties)");
        }
        InferstreamConfig config = configOptions.load(context.env());
        try (StopSignal stop = StopSignal.install(); StartedComponents started = new StartedComponents()) {
            try (Admin admin = KafkaConnection.connect(config.kafka(), KafkaConnection.CONNECT_TIMEOUT)) {
                log.info("Kafka at {} answers", config.kafka().bootstrapServers());
                if (config.topics().create()) {
                    List<TopicProvisioner.Result> results = new TopicProvisioner(admin, KafkaConnection.CONNECT_TIMEOUT)
                        .ensure(config.topics(), config.kafka().replicationFactor());
                    TopicsCommand.print(spec.commandLine().getOut(), results);
                } else {
                    List<String> missing = new TopicProvisioner(admin, KafkaConnection.CONNECT_TIMEOUT).missing(config.topics());
                    if (missing.isEmpty()) {
                        log.info("topics.create=false: all {} topics exist", config.topics().all().size());
                    } else {
                        log.warn("topics.create=false and these topics do not exist: {} (create them with 'inferstream topics')",
                            String.join(", ", missing));
                    }
                }
            }
            Registries.check(config.registry());
            log.info("Schema Registry at {} answers", config.registry().urlString());
            PortCheck.requireFree(config.http().host(), config.http().port(), "Inferstream HTTP server", "http.port");
            PipelineRunner pipeline = started.add("pipeline",
                new PipelineRunner(config, context.topologies().get(), reason -> stop.stop()));
            if (pipeline.start().isEmpty()) {
                spec.commandLine().getOut().println(Topologies.NONE_YET + " Nothing to run; exiting.");
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            }
            stop.await(Optional.ofNullable(duration));
            if (pipeline.failure().isPresent()) {
                throw new CliException(ExitCodes.FAILURE, "The pipeline stopped: " + pipeline.failure().get());
            }
        }
        return ExitCodes.OK;
    }
}
