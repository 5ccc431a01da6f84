package io.inferstream.app;

import io.inferstream.avro.ModelEvent;
import io.inferstream.avro.ModelEventType;
import io.inferstream.config.InferstreamConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The operator commands under {@code inferstream models}: each sends one {@link ModelEvent} command to the
 * model-control topic. Every application instance reads that whole topic and applies the command itself, then
 * reports what it did there; {@code models status} shows those reports.
 */
final class ModelControlCommands {

    private ModelControlCommands() {
    }

    /** What every control command takes: the model, --reason, --timeout and the config options. */
    abstract static class Send implements Callable<Integer> {

        @ParentCommand
        ModelsCommand parent;

        @Mixin
        ConfigOptions configOptions;

        @Parameters(index = "0", paramLabel = "MODEL", description = "Model name (its folder in the model repository).")
        String model;

        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "operator",
            description = "Why, recorded with the command (default: ${DEFAULT-VALUE}).")
        String reason;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to wait for Kafka and the registry (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Spec
        CommandSpec spec;

        /** The command's type, version and share, validated; {@link #usage} for bad arguments. */
        abstract ModelEvent.Builder command();

        @Override
        public Integer call() {
            if (model.isBlank()) {
                throw usage("MODEL must not be blank");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw usage("--timeout must be positive, got " + timeout);
            }
            ModelEvent event = command().setModel(model).setReason(reason).setInstance("").setSignature("")
                .setTimestamp(Instant.now()).build();
            InferstreamConfig config = configOptions.load(parent.context().env());
            RecordMetadata sent = ModelCommandSender.send(config, event, timeout);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Sent %s to %s (partition %d, offset %d).%n", ModelControlLog.describe(event), sent.topic(),
                sent.partition(), sent.offset());
            out.printf("Every instance applies it and reports on that topic: inferstream models status %s%n", model);
            out.flush();
            return ExitCodes.OK;
        }

        ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }

        long version(Long version) {
            if (version == null) {
                throw usage("Missing required parameter: 'VERSION'");
            }
            if (version < 0) {
                throw usage("VERSION must be a non-negative integer (a version folder's name), got " + version);
            }
            return version;
        }

        /** VERSION, or null for --clear; exactly one of them. */
        Long versionOrClear(Long version, boolean clear, String what) {
            if (clear && version != null) {
                throw usage("Give VERSION or --clear, not both");
            }
            if (!clear && version == null) {
                throw usage("Missing VERSION (or --clear to remove the " + what + ")");
            }
            return clear ? null : version(version);
        }

        static ModelEvent.Builder of(ModelEventType type, Long version) {
            return ModelEvent.newBuilder().setType(type).setVersion(version).setShare(null);
        }
    }

    @Command(name = "pin", mixinStandardHelpOptions = true,
        description = "Serve VERSION of MODEL as its stable version on every instance, whatever the version policy "
            + "selects, until unpin, promote or rollback.")
    static final class Pin extends Send {
        @Parameters(index = "1", paramLabel = "VERSION", description = "Version to pin.")
        Long version;

        @Override
        ModelEvent.Builder command() {
            return of(ModelEventType.PIN, version(version));
        }
    }

    @Command(name = "unpin", mixinStandardHelpOptions = true,
        description = "Drop the pin of MODEL: the version policy (by default the latest version) chooses the stable "
            + "version again.")
    static final class Unpin extends Send {
        @Override
        ModelEvent.Builder command() {
            return of(ModelEventType.UNPIN, null);
        }
    }

    @Command(name = "canary", mixinStandardHelpOptions = true,
        description = {"Route a share of MODEL's requests to VERSION as a canary; the rest stay on the stable version.",
            "The split is by request key hash, so a key sticks to one version. --share 0 or --clear removes the canary."})
    static final class Canary extends Send {
        @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", description = "Candidate version.")
        Long version;

        @Option(names = "--share", paramLabel = "SHARE", defaultValue = "0.1",
            description = "Share of requests in [0,1] for the canary (default: ${DEFAULT-VALUE}).")
        double share;

        @Option(names = "--clear", description = "Remove the canary.")
        boolean clear;

        @Override
        ModelEvent.Builder command() {
            if (!(share >= 0 && share <= 1)) {
                throw usage("--share must be in [0,1], got " + share);
            }
            Long v = versionOrClear(version, clear, "canary");
            if (v == null || share == 0) {
                return of(ModelEventType.SET_CANARY, null).setShare(0.0);
            }
            return of(ModelEventType.SET_CANARY, v).setShare(share);
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Make VERSION (default: the current canary) MODEL's stable version on every instance: it is "
            + "pinned and the canary is removed.")
    static final class Promote extends Send {
        @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", description = "Version to promote (default: the canary).")
        Long version;

        @Override
        ModelEvent.Builder command() {
            return of(ModelEventType.PROMOTE, version == null ? null : version(version));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Without VERSION: withdraw MODEL's canary if it has one, else go back to the previous stable "
            + "version.", "With VERSION: pin that version."})
    static final class Rollback extends Send {
        @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", description = "Version to go back to.")
        Long version;

        @Override
        ModelEvent.Builder command() {
            return of(ModelEventType.ROLLBACK, version == null ? null : version(version));
        }
    }

    @Command(name = "shadow", mixinStandardHelpOptions = true,
        description = {"Score a copy of MODEL's traffic with VERSION as a shadow: its answers go to shadow-comparisons, "
            + "never to callers.", "--clear removes the shadow."})
    static final class Shadow extends Send {
        @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", description = "Shadow version.")
        Long version;

        @Option(names = "--clear", description = "Remove the shadow.")
        boolean clear;

        @Override
        ModelEvent.Builder command() {
            return of(ModelEventType.SET_SHADOW, versionOrClear(version, clear, "shadow"));
        }
    }
}
