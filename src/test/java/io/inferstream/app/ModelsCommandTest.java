package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.ModelEvent;
import io.inferstream.avro.ModelEventType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The operator commands' argument parsing and validation, without a broker. */
class ModelsCommandTest {

    /** The command a {@code models ...} line would send (type, version, share), parsed but not sent. */
    private static ModelEvent.Builder parsed(String... args) {
        CommandLine.ParseResult leaf = Main.commandLine(CliContext.system()).parseArgs(args);
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        ModelControlCommands.Send send = (ModelControlCommands.Send) leaf.commandSpec().userObject();
        return send.command();
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "pin", "unpin", "canary", "promote", "rollback", "shadow", "build-demo"})
    void shouldHaveHelpOnEveryModelsSubcommand(String name) {
        CliRun r = CliRun.run("models", name, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: inferstream models " + name).contains("--help");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void shouldListTheOperatorCommandsInModelsUsage() {
        CliRun r = CliRun.run("models");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("status", "pin", "unpin", "canary", "promote", "rollback", "shadow", "build-demo");
    }

    @Test
    void shouldDescribeEachCommandsOptions() {
        assertThat(CliRun.run("models", "canary", "--help").out()).contains("--share=SHARE", "--clear", "--reason=TEXT",
            "--config=FILE", "--set=KEY=VALUE", "--timeout=DURATION");
        assertThat(CliRun.run("models", "status", "--help").out()).contains("--follow", "--timeout=DURATION", "[MODEL]");
    }

    @Test
    void shouldBuildOneCommandPerSubcommand() {
        ModelEvent.Builder pin = parsed("models", "pin", "hp", "4");
        assertThat(pin.getType()).isEqualTo(ModelEventType.PIN);
        assertThat(pin.getVersion()).isEqualTo(4L);
        assertThat(pin.getShare()).isNull();

        ModelEvent.Builder unpin = parsed("models", "unpin", "hp");
        assertThat(unpin.getType()).isEqualTo(ModelEventType.UNPIN);
        assertThat(unpin.getVersion()).isNull();

        ModelEvent.Builder canary = parsed("models", "canary", "hp", "2", "--share", "0.25");
        assertThat(canary.getType()).isEqualTo(ModelEventType.SET_CANARY);
        assertThat(canary.getVersion()).isEqualTo(2L);
        assertThat(canary.getShare()).isEqualTo(0.25);
        assertThat(parsed("models", "canary", "hp", "2").getShare()).isEqualTo(0.1);

        assertThat(parsed("models", "promote", "hp").getVersion()).isNull();
        assertThat(parsed("models", "promote", "hp", "3").getVersion()).isEqualTo(3L);
        assertThat(parsed("models", "rollback", "hp").getType()).isEqualTo(ModelEventType.ROLLBACK);
        assertThat(parsed("models", "rollback", "hp", "1").getVersion()).isEqualTo(1L);
        ModelEvent.Builder shadow = parsed("models", "shadow", "hp", "5");
        assertThat(shadow.getType()).isEqualTo(ModelEventType.SET_SHADOW);
        assertThat(shadow.getVersion()).isEqualTo(5L);
    }

    @Test
    void shouldClearTheCanaryWithClearOrAZeroShare() {
        for (ModelEvent.Builder b : new ModelEvent.Builder[] {parsed("models", "canary", "hp", "--clear"),
            parsed("models", "canary", "hp", "2", "--share", "0")}) {
            assertThat(b.getType()).isEqualTo(ModelEventType.SET_CANARY);
            assertThat(b.getVersion()).isNull();
            assertThat(b.getShare()).isEqualTo(0.0);
        }
        assertThat(parsed("models", "shadow", "hp", "--clear").getVersion()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"models pin", "models pin hp", "models pin hp x", "models pin hp 1 2", "models pin hp -1",
        "models unpin", "models unpin hp 1", "models canary hp", "models canary hp 2 --clear", "models canary hp 2 --share 1.5",
        "models canary hp 2 --share -0.1", "models canary hp 2 --share NaN", "models canary hp 2 --share lots",
        "models shadow hp", "models shadow hp 2 --clear", "models promote hp x", "models rollback hp 1.5",
        "models promote hp -3", "models status a b", "models status --timeout 0s", "models status --timeout soon",
        "models pin hp 1 --timeout 0s", "models pin hp 1 --bogus", "models nosuch"})
    void shouldRejectBadArgumentsWithUsageExitCode(String line) {
        CliRun r = CliRun.run(line.split(" "));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isNotBlank().doesNotContain("\tat ");
    }

    @Test
    void shouldRejectABlankModelName() {
        CliRun r = CliRun.run("models", "pin", " ", "1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("MODEL must not be blank");
    }

    @Test
    void shouldSayWhatIsMissingForACanary() {
        assertThat(CliRun.run("models", "canary", "hp").err()).contains("Missing VERSION (or --clear to remove the canary)");
        assertThat(CliRun.run("models", "canary", "hp", "2", "--share", "2").err()).contains("--share must be in [0,1], got 2.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"models pin hp 1", "models status", "models canary hp --clear"})
    void shouldExitUnavailableWhenKafkaDoesNotAnswer(String line) {
        String[] args = (line + " --timeout 1s --set kafka.bootstrap.servers=127.0.0.1:1 --set registry.url=mock://models-test")
            .split(" ");
        CliRun r = CliRun.run(args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err()).contains("Cannot reach Kafka at 127.0.0.1:1").doesNotContain("\tat ");
    }

    @Test
    void shouldShowCommandsInOrderAndTheLatestReportPerVersionAndInstance() {
        ModelControlLog log = new ModelControlLog();
        log.add(event("hp", 2L, ModelEventType.SET_CANARY, 0.2, "", "try v2", 10));
        log.add(event("hp", 2L, ModelEventType.DEPLOYED, null, "a", "loaded from /m/hp/2", 11));
        log.add(event("hp", 2L, ModelEventType.DEPLOYED, null, "a", "canary with share 0.2", 12));
        log.add(event("hp", 2L, ModelEventType.DEPLOYED, null, "b", "canary with share 0.2", 13));
        log.add(event("hp", 9L, ModelEventType.PIN, null, "", "operator", 20));
        log.add(event("hp", 9L, ModelEventType.COMMAND_REJECTED, null, "a", "PIN refused: version 9 missing", 21));
        log.add(event("hp", null, ModelEventType.COMMAND_REJECTED, null, "b", "PROMOTE refused", 22));
        log.add(event("other", 1L, ModelEventType.LOAD_FAILED, null, "a", "corrupt", 23));
        log.add(event("hp", 1L, ModelEventType.UNKNOWN, null, "a", "from a newer writer", 24));

        String all = print(log, null);
        assertThat(all).contains("9 events on model-control").contains("model hp").contains("model other")
            .contains("LOAD_FAILED");
        String hp = print(log, "hp");
        assertThat(hp).doesNotContain("model other").doesNotContain("from a newer writer")
            .contains(Instant.ofEpochMilli(10) + "  SET_CANARY hp version 2 share 0.2: try v2")
            .contains("PIN hp version 9: operator")
            .doesNotContain("loaded from /m/hp/2") // replaced by a's later report on version 2
            .containsPattern("2\\s+a\\s+DEPLOYED\\s+\\S+\\s+canary with share 0.2")
            .containsPattern("2\\s+b\\s+DEPLOYED")
            .containsPattern("9\\s+a\\s+COMMAND_REJECTED\\s+\\S+\\s+PIN refused: version 9 missing")
            .containsPattern("-\\s+b\\s+COMMAND_REJECTED\\s+\\S+\\s+PROMOTE refused");
        assertThat(hp.indexOf("SET_CANARY")).isLessThan(hp.indexOf("PIN hp"));
        assertThat(hp).contains("instances:").containsPattern("a\\s+last report " + Instant.ofEpochMilli(21));
    }

    @Test
    void shouldSaySoWhenThereIsNothingToShow() {
        ModelControlLog log = new ModelControlLog();
        assertThat(print(log, null)).contains("0 events on model-control").contains("No model commands or reports yet.");
        log.add(event("hp", 1L, ModelEventType.PIN, null, "", "operator", 1));
        assertThat(print(log, "nope")).contains("No commands or reports for model 'nope'.");
    }

    private static String print(ModelControlLog log, String model) {
        StringWriter s = new StringWriter();
        log.print(new PrintWriter(s), "model-control", model);
        return s.toString();
    }

    private static ModelEvent event(String model, Long version, ModelEventType type, Double share, String instance,
                                    String reason, long millis) {
        return ModelEvent.newBuilder().setModel(model).setVersion(version).setType(type).setShare(share).setReason(reason)
            .setInstance(instance).setSignature("").setTimestamp(Instant.ofEpochMilli(millis)).build();
    }
}
