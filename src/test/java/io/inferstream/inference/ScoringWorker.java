package io.inferstream.inference;

import io.inferstream.model.ModelLoader;
import io.inferstream.model.ModelRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A scoring instance in its own JVM, for the crash test: started with
 * {@code <bootstrap> <registryUrl> <modelRepo> <stateDir> <guarantee>}, prints {@code RUNNING} once
 * its streams run, and is then killed with SIGKILL by the test.
 */
public final class ScoringWorker {

    private ScoringWorker() {
    }

    public static void main(String[] args) throws Exception {
        ModelManager models = new ModelManager(new ModelRepository(Path.of(args[2])), new ModelLoader()::load, Map.of(),
            e -> { }, "worker", Clock.systemUTC());
        models.start(Duration.ofSeconds(5));
        KafkaStreams streams = ScoringHarness.start(args[0], args[1], Path.of(args[3]), args[4], models,
            new BatchingSettings(64, Duration.ofMillis(5)));
        ScoringHarness.awaitRunning(streams, Duration.ofSeconds(60));
        System.out.println("RUNNING");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
