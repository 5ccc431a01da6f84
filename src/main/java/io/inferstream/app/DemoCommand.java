package io.inferstream.app;

import io.inferstream.config.InferstreamConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code inferstream demo}: the whole system on this machine, nothing to install. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Start an embedded Kafka broker and Schema Registry on 127.0.0.1, create the topics and run the "
        + "pipeline, until Ctrl-C or --duration.",
        "Ports and data dir: embedded.* keys (config/embedded.properties), e.g. --set embedded.broker.port=19092. "
            + "Data is kept in embedded.data.dir between runs."})
final class DemoCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Stop this long after start-up (e.g. 30s, 5m); default: until Ctrl-C.")
    Duration duration;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "200",
        description = "Generated inference requests per second (default: ${DEFAULT-VALUE}; 0: none).")
    int rate;

    @Option(names = "--events-rate", paramLabel = "N", defaultValue = "300",
        description = "Generated user events per second for the recommendations (default: ${DEFAULT-VALUE}; 0: none).")
    int eventsRate;

    @Option(names = "--drift-after", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
        description = "Shift the generated requests' feature distributions after this long, so the drift topology "
            + "raises an alert on model-drift-alerts (default: ${DEFAULT-VALUE}; 0s: never).")
    Duration driftAfter;

    @Spec
    CommandSpec spec;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        InferstreamConfig config = configOptions.load(context.env());
        PrintWriter out = spec.commandLine().getOut();
        try (StopSignal stop = StopSignal.install(); DemoRunner runner = new DemoRunner(config, context.topologies().get(),
            new DemoRunner.Traffic(rate, eventsRate, out, Duration.ofSeconds(5), driftAfter, terminal()))) {
            DemoRunner.Endpoints ep = runner.start();
            long created = ep.topics().stream().filter(r -> r.outcome() == TopicProvisioner.Outcome.CREATED).count();
            out.println("Inferstream demo is running.");
            out.println("  Kafka broker:     " + ep.bootstrapServers() + "   (data: " + ep.dataDir() + ")");
            out.println("  Schema Registry:  " + ep.registryUrl());
            out.println("  Topics:           " + ep.topics().size() + " (" + created + " created, "
                + (ep.topics().size() - created) + " already there)");
            out.println("  Topologies:       " + (ep.topologies().isEmpty() ? "none registered" : String.join(", ", ep.topologies())));
            // Requests are generated only when the scoring topology runs (and --rate is not 0).
            Optional<String> runId = runner.trafficRunId();
            if (runId.isPresent()) {
                out.println("  Traffic:          " + rate + " requests/s for the demo model 'ctr', ids "
                    + DemoTraffic.requestId(runId.get(), "<n>") + " (1 in 200 malformed, to show dead letters)");
                if (!driftAfter.isZero() && ep.topologies().contains("drift")) {
                    out.println("  Drift:            the requests' features shift after " + driftAfter.toSeconds()
                        + " s; watch ./inferstream tail model-drift-alerts");
                }
            }
            if (eventsRate > 0 && ep.topologies().contains("recommend")) {
                out.println("  User events:      " + eventsRate + " events/s from " + DemoUserEvents.USERS + " users on "
                    + DemoUserEvents.ITEMS + " items; preferences shift after "
                    + DemoRunner.Traffic.PREFERENCE_SHIFT_AFTER.toSeconds() + " s; following user "
                    + DemoRunner.Traffic.FOLLOWED_USER + "'s feed");
            }
            out.printf("Kafka and Schema Registry ready in %.1f s, everything started in %.1f s. %s%n",
                ep.serversReady().toMillis() / 1000.0, ep.startup().toMillis() / 1000.0,
                duration == null ? "Press Ctrl-C to stop." : "Stopping after " + duration.toSeconds() + " s.");
            InferstreamConfig defaults = InferstreamConfig.defaults();
            boolean defaultEndpoints = ep.bootstrapServers().equals(defaults.kafka().bootstrapServers())
                && ep.registryUrl().equals(defaults.registry().urlString());
            ep.httpUrl().ifPresent(url -> out.println("  HTTP:             " + url + "   (e.g. " + url + "/users/"
                + DemoRunner.Traffic.FOLLOWED_USER + "/recommendations?k=10)"));
            out.println("Try, in another terminal: ./inferstream tail inference-results"
                + (defaultEndpoints ? "" : " --set kafka.bootstrap.servers=" + ep.bootstrapServers()
                    + " --set registry.url=" + ep.registryUrl()));
            ep.httpUrl().ifPresent(url -> {
                out.println("Dashboard: " + url + "/   (throughput, latency, models, drift, alerts, feeds; open it in a browser)");
                out.println("Status: requests scored/s | p99 request latency | user events/s | versions served | open drift alerts");
            });
            out.flush();
            runner.startStatusLine();
            stop.await(Optional.ofNullable(duration));
            runner.stopStatusLine();
            runner.trafficSummary().ifPresent(summary -> out.println("Demo totals: " + summary + "."));
            out.println("Stopping...");
            out.flush();
        }
        out.println("Stopped.");
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Whether the output is an interactive terminal, where the status line is redrawn in place: Java sees a console
     * only when standard input and output are both terminals; a dumb terminal gets plain lines.
     */
    private boolean terminal() {
        return System.console() != null && !"dumb".equals(context.env().get("TERM"));
    }
}
