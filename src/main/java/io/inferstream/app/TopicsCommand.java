package io.inferstream.app;

import io.inferstream.config.InferstreamConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code inferstream topics}: create the topic set; existing topics are reported, not errors. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Create Inferstream's topics (names, partitions, cleanup policies, retention, replication factor "
        + "from the config). Idempotent: existing topics are reported and left as they are.")
final class TopicsCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    TopicsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        InferstreamConfig config = configOptions.load(context.env());
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = KafkaConnection.connect(config.kafka(), KafkaConnection.CONNECT_TIMEOUT)) {
            List<TopicProvisioner.Result> results = new TopicProvisioner(admin, KafkaConnection.CONNECT_TIMEOUT)
                .ensure(config.topics(), config.kafka().replicationFactor());
            print(out, results);
        }
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, List<TopicProvisioner.Result> results) {
        long created = results.stream().filter(r -> r.outcome() == TopicProvisioner.Outcome.CREATED).count();
        for (TopicProvisioner.Result r : results) {
            out.printf("%-8s %-28s partitions=%-3d cleanup.policy=%s%s%n",
                r.outcome() == TopicProvisioner.Outcome.CREATED ? "created" : "exists",
                r.spec().name(), r.spec().partitions(), r.spec().cleanupPolicy().kafkaValue(),
                r.notes().isEmpty() ? "" : "  WARNING: " + String.join("; ", r.notes()));
        }
        out.printf("%d topics: %d created, %d already existed%n", results.size(), created, results.size() - created);
        out.flush();
    }
}
