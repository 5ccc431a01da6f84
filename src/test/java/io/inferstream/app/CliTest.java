package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.config.InferstreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliTest {

    @TempDir
    Path dir;

    @Test
    void shouldPrintUsageWithoutACommand() {
        CliRun r = CliRun.run();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: inferstream").contains("demo").contains("run").contains("topics")
            .contains("produce").contains("tail").contains("describe");
    }

    @Test
    void shouldHaveHelpOnEveryCommand() {
        CommandLine root = Main.commandLine(CliContext.system());
        assertThat(root.getSubcommands()).isNotEmpty();
        for (String name : root.getSubcommands().keySet()) {
            CliRun r = CliRun.run(name, "--help");
            assertThat(r.exitCode()).as(name + " --help").isZero();
            assertThat(r.out()).as(name + " --help").contains("Usage: inferstream " + name).contains("--help");
            assertThat(r.err()).as(name + " --help").isEmpty();
        }
    }

    @Test
    void shouldHaveHelpOnNestedCommands() {
        CliRun r = CliRun.run("bench", "serde", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: inferstream bench serde").contains("--json=FILE").contains("--quick");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo --bogus", "tail", "produce", "topics extra-arg", "demo --duration soon", "nosuchcommand",
        "tail t --max 0", "produce t --format xml", "bench", "bench nosuch", "bench serde --slow"})
    void shouldRejectBadCommandLinesWithUsageExitCode(String line) {
        CliRun r = CliRun.run(line.split(" "));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isNotBlank().doesNotContain("\tat ");
    }

    @Test
    void shouldRequireAConfigFileForRun() {
        CliRun r = CliRun.run("run");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void shouldReportConfigErrorsInOneMessageWithoutStackTrace() throws Exception {
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "kafka.replication.factor=many\nregistry.urll=http://x:1\n");
        CliRun r = CliRun.run(Map.of("INFERSTREAM_HTTP_PORT", "-1"), "", List.of(), "topics", "--config", f.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err())
            .contains("Invalid configuration (3 problems)")
            .contains("kafka.replication.factor: expected an integer between 1 and 32767, got 'many' (from " + f + ")")
            .contains("registry.urll: unknown key")
            .contains("http.port: expected an integer between 0 and 65535, got '-1' (from env INFERSTREAM_HTTP_PORT)")
            .doesNotContain("\tat ")
            .doesNotContain("Exception");
    }

    @Test
    void shouldReportAMissingConfigFile() {
        CliRun r = CliRun.run("run", "--config", dir.resolve("missing.properties").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("missing.properties does not exist");
    }

    @Test
    void shouldSayHonestlyThatNoTopologiesExistYet() {
        CliRun r = CliRun.run("describe");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("No topologies are registered yet");
    }

    @Test
    void shouldDescribeRegisteredTopologiesAndWriteThem() throws Exception {
        TopologyFactory echo = new TopologyFactory() {
            @Override
            public String name() {
                return "echo";
            }

            @Override
            public String description() {
                return "copies requests to results";
            }

            @Override
            public Topology build(InferstreamConfig config) {
                StreamsBuilder b = new StreamsBuilder();
                b.stream(config.topics().name(io.inferstream.config.StandardTopic.INFERENCE_REQUESTS),
                        org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.String()))
                    .to(config.topics().name(io.inferstream.config.StandardTopic.INFERENCE_RESULTS));
                return b.build();
            }
        };
        CliRun r = CliRun.run(Map.of(), "", List.of(echo), "describe", "--write", dir.toString(),
            "--set", "topics.inference-requests.name=req");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("# echo: copies requests to results").contains("Source: KSTREAM-SOURCE-0000000000 (topics: [req])")
            .contains("Sink: KSTREAM-SINK-0000000001 (topic: inference-results)");
        assertThat(Files.readString(dir.resolve("echo.txt"))).contains("topics: [req]");
    }

    @Test
    void shouldRejectAnUnknownValueType() {
        CliRun r = CliRun.run("produce", "user-events", "--value-type", "Nope", "--set", "registry.url=mock://cli-test");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unknown value type 'Nope'").contains("UserEvent");
    }

    @Test
    void shouldNameTheLineNumberOfBadJson() {
        CliRun r = CliRun.run(Map.of(), "\n{not json\n", List.of(), "produce", "user-events", "--value-type", "UserEvent",
            "--set", "registry.url=mock://cli-test", "--set", "kafka.bootstrap.servers=127.0.0.1:1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("error: line 2: not valid JSON").contains("0 records before it were sent");
    }

    @Test
    void shouldNameTheLineNumberAndFieldOfJsonThatDoesNotFitTheSchema() {
        CliRun r = CliRun.run(Map.of(), "{\"userId\": \"u\"}\n", List.of(), "produce", "user-events", "--value-type",
            "UserEvent", "--set", "registry.url=mock://cli-test", "--set", "kafka.bootstrap.servers=127.0.0.1:1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("error: line 1: $: missing field 'itemId'");
    }

    @Test
    void shouldRejectAKeyFieldTheSchemaLacks() {
        CliRun r = CliRun.run(Map.of(), "", List.of(), "produce", "user-events", "--value-type", "UserEvent",
            "--key-field", "nope", "--set", "registry.url=mock://cli-test");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--key-field nope: record UserEvent has no such field");
    }

    @Test
    void shouldRefuseADemoPortInUseWithOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CliRun r = CliRun.run("demo", "--set", "embedded.broker.port=" + port, "--set", "embedded.data.dir=" + dir);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(r.err().strip()).isEqualTo("error: Port " + port + " on 127.0.0.1 is already in use (embedded Kafka broker). "
                + "Free it, or choose another port: --set embedded.broker.port=PORT or INFERSTREAM_EMBEDDED_BROKER_PORT=PORT");
        }
    }

    @Test
    void shouldDescribeNestedCauses() {
        Exception e = new RuntimeException("outer", new IllegalStateException("inner"));
        assertThat(Main.describe(e)).isEqualTo("outer: inner");
        assertThat(Main.describe(new RuntimeException(new IllegalStateException("x")))).isEqualTo("java.lang.IllegalStateException: x");
    }
}
