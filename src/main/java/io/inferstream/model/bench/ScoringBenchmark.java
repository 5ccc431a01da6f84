package io.inferstream.model.bench;

import io.inferstream.model.BatchInput;
import io.inferstream.model.BatchOutput;
import io.inferstream.model.DemoModels;
import io.inferstream.model.LoadedModel;
import io.inferstream.model.ModelLoader;
import io.inferstream.model.ModelRepository;
import io.inferstream.model.SyntheticCtr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one {@link LoadedModel#score(BatchInput)} call on the demo CTR MLP (version 1) by
 * batch size: shows how much micro-batching amortises the fixed cost of a TensorFlow session call.
 * Rows per second = batch / (time per call). Builds the demo model into a temporary repository
 * at setup (a few seconds of training).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScoringBenchmark {

    @Param({"1", "64", "1024"})
    public int batch;

    private Path repository;
    private LoadedModel model;
    private BatchInput input;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        repository = Files.createTempDirectory("inferstream-bench-");
        DemoModels.build(repository, 42);
        model = new ModelLoader().load(new ModelRepository(repository).versions(DemoModels.MODEL_NAME).get(0));
        input = new SyntheticCtr(SyntheticCtr.Regime.BASELINE, 7).sample(batch).toBatchInput();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        model.close();
        try (Stream<Path> paths = Files.walk(repository)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public BatchOutput score() {
        return model.score(input);
    }
}
