package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.inference.bench.InferenceBench;
import io.inferstream.serde.bench.SerdeBench;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

    @Test
    void shouldLabelEachResultWithItsUnit() {
        assertThat(BenchCommand.Serde.unit(SerdeBench.SERDE)).isEqualTo("records/s");
        assertThat(BenchCommand.Serde.unit(SerdeBench.RATIO)).isEqualTo("ratio");
        assertThat(BenchCommand.Serde.unit(SerdeBench.CPU_RATIO)).isEqualTo("ratio");
        assertThat(BenchCommand.Serde.unit(SerdeBench.PLAIN + SerdeBench.ALLOC_SUFFIX)).isEqualTo("bytes/record");
    }

    @Test
    void shouldFormatValuesAndMissingOnes() {
        assertThat(BenchCommand.Serde.format(SerdeBench.SERDE, 1234567.8)).isEqualTo(String.format("%,.0f", 1234567.8));
        assertThat(BenchCommand.Serde.format(SerdeBench.RATIO, 0.87654)).isEqualTo(String.format("%.3f", 0.87654));
        assertThat(BenchCommand.Serde.format(SerdeBench.RATIO, Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void shouldParseInferenceOptions() {
        BenchCommand.Inference quick = new BenchCommand.Inference();
        new CommandLine(quick).parseArgs("--quick", "--json", "out/bench.json");
        assertThat(quick.quick).isTrue();
        assertThat(quick.json.file).isEqualTo(Path.of("out/bench.json"));
        assertThat(quick.options()).isEqualTo(InferenceBench.Options.quick());
        assertThat(quick.options().requests()).isEqualTo(20_000);

        BenchCommand.Inference full = new BenchCommand.Inference();
        new CommandLine(full).parseArgs();
        assertThat(full.quick).isFalse();
        assertThat(full.json.file).isNull();
        assertThat(full.options().requests()).isEqualTo(100_000);
        assertThat(full.options().overheadRounds()).isEqualTo(InferenceBench.OVERHEAD_ROUNDS);
        assertThat(full.options().overheadOnly()).isFalse();

        BenchCommand.Inference overhead = new BenchCommand.Inference();
        new CommandLine(overhead).parseArgs("--overhead-only", "--requests", "300000", "--rounds", "7");
        assertThat(overhead.options()).isEqualTo(new InferenceBench.Options(300_000, 5, InferenceBench.Options.full().scenarioTimeout(), 7,
            true, InferenceBench.WARM_UP_ROUNDS));

        BenchCommand.Inference warm = new BenchCommand.Inference();
        new CommandLine(warm).parseArgs("--warmup", "5", "--dir", "/dev/shm");
        assertThat(warm.options().warmUpRounds()).isEqualTo(5);
        assertThat(warm.dir).isEqualTo(Path.of("/dev/shm"));
        assertThat(full.dir).isNull();
    }

    @Test
    void shouldShowInferenceHelpAndRejectUnknownOptions() {
        CliRun help = CliRun.run("bench", "inference", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: inferstream bench inference").contains("--quick").contains("--json=FILE");

        CliRun bad = CliRun.run("bench", "inference", "--slow");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--slow").doesNotContain("\tat ");

        CliRun noFile = CliRun.run("bench", "inference", "--json");
        assertThat(noFile.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shouldWriteJsonOnlyWhenAsked(@TempDir Path dir) throws Exception {
        StringWriter said = new StringWriter();
        BenchCommand.JsonOutput none = new BenchCommand.JsonOutput();
        none.write(new ObjectMapper().createObjectNode().put("a", 1), new PrintWriter(said));
        assertThat(said.toString()).isEmpty();

        BenchCommand.JsonOutput some = new BenchCommand.JsonOutput();
        some.file = dir.resolve("nested/out.json");
        some.write(new ObjectMapper().createObjectNode().put("a", 1), new PrintWriter(said));
        assertThat(new ObjectMapper().readTree(some.file.toFile()).get("a").asInt()).isEqualTo(1);
        assertThat(said.toString()).contains("Wrote " + some.file);
    }

    @Test
    void shouldRejectNonsensicalInferenceOptions() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InferenceBench.Options(0, 1, java.time.Duration.ofMinutes(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requests");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InferenceBench.Options(10, 0, java.time.Duration.ofMinutes(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direct seconds");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InferenceBench.Options.quick().withOverhead(0, true))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overhead rounds");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InferenceBench.Options.quick().withWarmUp(0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warm-up rounds");
    }

    @Test
    void shouldWriteTheInferenceResultInTheDocumentedJsonShapeAndTable() {
        Map<String, InferenceBench.Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put("exactly_once_v2", new InferenceBench.Scenario(20_000, 4321.5, 3000.25, 59.5, 3200.0));
        scenarios.put("at_least_once", new InferenceBench.Scenario(20_000, 5000, 4000, 60, 3000));
        InferenceBench.Result result = new InferenceBench.Result(scenarios, new InferenceBench.Direct(1500, 40_000), 2);

        JsonNode json = BenchCommand.Inference.toJson(result);
        JsonNode eos = json.get("scenarios").get("exactly_once_v2");
        assertThat(eos.get("results_per_s").asDouble()).isEqualTo(4321.5);
        assertThat(eos.get("results_per_s_incl_startup").asDouble()).isEqualTo(3000.25);
        assertThat(eos.get("mean_batch_size").asDouble()).isEqualTo(59.5);
        assertThat(eos.get("mean_model_call_us").asDouble()).isEqualTo(3200.0);
        assertThat(eos.get("requests").asInt()).isEqualTo(20_000);
        assertThat(json.get("scenarios").fieldNames()).toIterable().containsExactly("exactly_once_v2", "at_least_once");
        assertThat(json.get("direct").get("batch_1_rows_per_s").asDouble()).isEqualTo(1500);
        assertThat(json.get("direct").get("batch_64_rows_per_s").asDouble()).isEqualTo(40_000);
        assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);

        InferenceBench.Result withOverhead = new InferenceBench.Result(scenarios, result.direct(), 2,
            new InferenceBench.DriftOverhead(List.of(1000.0, 1200.0, 1100.0), List.of(900.0, 1000.0, 1300.0)));
        assertThat(withOverhead.overhead().medianWithout()).isEqualTo(1100);
        assertThat(withOverhead.overhead().medianWith()).isEqualTo(1000);
        assertThat(BenchCommand.Inference.table(withOverhead)).contains("median 1,100 results/s without, 1,000 with").contains("cost 9.1%");
        assertThat(BenchCommand.Inference.toJson(withOverhead).get("drift_overhead").get("cost").asDouble()).isCloseTo(1 - 1000.0 / 1100,
            org.assertj.core.data.Offset.offset(1e-12));

        InferenceBench.Result withCpu = new InferenceBench.Result(scenarios, null, 2, new InferenceBench.DriftOverhead(List.of(1000.0),
            List.of(900.0), List.of(new InferenceBench.Costs(Map.of("scoring", 20.0), Map.of("scoring", 150.0),
                Map.of("jit_compile", 1200.0, "gc", 60.0))),
            List.of(new InferenceBench.Costs(Map.of("scoring", 22.5), Map.of("scoring", 150.0, "drift_observations", 12.5),
                Map.of("jit_compile", 300.0, "gc", 140.0)))));
        assertThat(BenchCommand.Inference.table(withCpu)).contains("CPU per result").contains("without scoring 20.0; with scoring 22.5")
            .contains("broker bytes appended per result").contains("drift_observations 12.5")
            .contains("jit_compile ms per round: without 1,200; with 300").contains("gc ms per round: without 60; with 140")
            .doesNotContain("direct LoadedModel.score");
        JsonNode cpu = BenchCommand.Inference.toJson(withCpu).get("drift_overhead").get("cpu_us_per_result");
        assertThat(cpu.get("with").get("scoring").asDouble()).isEqualTo(22.5);
        JsonNode bytes = BenchCommand.Inference.toJson(withCpu).get("drift_overhead").get("broker_bytes_per_result");
        assertThat(bytes.get("with").get("drift_observations").asDouble()).isEqualTo(12.5);
        JsonNode vm = BenchCommand.Inference.toJson(withCpu).get("drift_overhead").get("vm_ms_per_round");
        assertThat(vm.get("without").get(0).get("jit_compile").asDouble()).isEqualTo(1200.0);
        assertThat(vm.get("with").get(0).get("gc").asDouble()).isEqualTo(140.0);
        assertThat(BenchCommand.Inference.toJson(withCpu).has("direct")).isFalse();

        String table = BenchCommand.Inference.table(result);
        assertThat(table).contains("results/s").contains("exactly_once_v2").contains("at_least_once")
            .contains(String.format("%,.0f", 4321.5)).contains("rows/s").contains("2 cores");
    }

    @Test
    void shouldRunEveryScenarioTheBriefNames() {
        assertThat(InferenceBench.SCENARIOS).extracting(InferenceBench.ScenarioSpec::name)
            .containsExactly("exactly_once_v2", "at_least_once", "exactly_once_v2_batch_1");
        assertThat(InferenceBench.SCENARIOS.get(2).batching().maxBatchSize()).isEqualTo(1);
        // drift overhead rounds: the same scenario without and with drift, alternating which runs first
        assertThat(InferenceBench.overheadRound(0)).extracting(InferenceBench.ScenarioSpec::withDrift).containsExactly(false, true);
        assertThat(InferenceBench.overheadRound(1)).extracting(InferenceBench.ScenarioSpec::withDrift).containsExactly(true, false);
        // warm-up rounds: each without and with drift, on names of their own (each scenario has its own topics)
        assertThat(InferenceBench.overheadWarmUp(2)).extracting(InferenceBench.ScenarioSpec::name).containsExactly(
            "overhead_warmup_exactly_once_v2", "overhead_warmup_exactly_once_v2_with_drift",
            "overhead_warmup_1_exactly_once_v2", "overhead_warmup_1_exactly_once_v2_with_drift");
    }

    @Test
    void shouldPrintRecommendTableAndJsonWithTheSteadyLearningRate() {
        Map<String, io.inferstream.recommend.bench.LearningBench.Result> learning = new LinkedHashMap<>();
        learning.put("exactly_once_v2", new io.inferstream.recommend.bench.LearningBench.Result("exactly_once_v2", 10_000, 5.0, 2000, 4500,
            5, 60, 120, 300));
        io.inferstream.recommend.bench.RecommendBench.Result result = new io.inferstream.recommend.bench.RecommendBench.Result(Map.of(),
            Map.of("10000", new io.inferstream.recommend.bench.TopKBench.Latency(0.1, 0.2, 0.09, 0.2, 100)),
            new io.inferstream.recommend.bench.RecommendBench.Quality(0.2, 0.03, 0.2, 0.21, null, null, null, null));

        String table = BenchCommand.Recommend.table(learning, result);
        Map<String, Object> json = BenchCommand.Recommend.learningJson(learning);

        assertThat(table).contains("steady ev/s").contains("4,500").contains("2,000").contains("steady from 10% of the events on");
        @SuppressWarnings("unchecked")
        Map<String, Object> eos = (Map<String, Object>) json.get("exactly_once_v2");
        assertThat(eos).containsEntry("events_per_s", 2000.0).containsEntry("steady_events_per_s", 4500.0);
    }
}
