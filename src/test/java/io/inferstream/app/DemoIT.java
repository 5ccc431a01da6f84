package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.config.StandardTopic;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code inferstream demo} in-process on free ports and talks to what it started. */
class DemoIT {

    private static final Pattern BROKER = Pattern.compile("Kafka broker:\\s+(\\S+)");
    private static final Pattern REGISTRY = Pattern.compile("Schema Registry:\\s+(\\S+)");

    @TempDir
    Path dir;

    /** A demo running on another thread, with its output. */
    private record Running(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
    }

    private Running startDemo(String duration) {
        CliContext ctx = new CliContext(Map.of(), new ByteArrayInputStream(new byte[0]), List::of);
        CommandLine cl = Main.commandLine(ctx);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("demo", "--duration", duration,
            "--set", "embedded.broker.port=0", "--set", "embedded.controller.port=0", "--set", "embedded.registry.port=0",
            "--set", "http.port=0", "--set", "embedded.data.dir=" + dir.resolve("data")));
        return new Running(exit, out, err);
    }

    private static String await(Running r, Pattern p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(r.out().toString());
            if (m.find()) {
                return m.group(1);
            }
            if (r.exit().isDone()) {
                throw new AssertionError("demo ended early with " + r.exit().get() + ": " + r.out() + r.err());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("demo did not print " + p + ": " + r.out() + r.err());
    }

    @Test
    void shouldStartBrokerAndRegistryCreateTopicsAndStopCleanly() throws Exception {
        Running demo = startDemo("5s");
        try {
            String bootstrap = await(demo, BROKER);
            String registry = await(demo, REGISTRY);

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(names).containsAll(Arrays.stream(StandardTopic.values()).map(StandardTopic::logicalName).toList());
            }
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry + "/subjects")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
            assertThat(subjects.body().trim()).startsWith("[");
        } finally {
            assertThat(demo.exit().get(120, TimeUnit.SECONDS)).as(demo.err().toString()).isZero();
        }
        assertThat(demo.out().toString())
            .contains("Topics:           15 (15 created, 0 already there)")
            .contains("Topologies:       none registered")
            .contains("Stopped.");

        // Same data dir: the broker resumes and finds its topics.
        Running again = startDemo("1s");
        await(again, REGISTRY);
        assertThat(again.exit().get(120, TimeUnit.SECONDS)).as(again.err().toString()).isZero();
        assertThat(again.out().toString()).contains("(0 created, 15 already there)");
    }
}
