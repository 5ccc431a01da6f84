package io.inferstream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferstream.serde.bench.SerdeBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code inferstream bench ...}: JMH benchmarks shipped in the jar. Later issues add more subcommands. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchCommand.Serde.class,
    description = "Run a JMH benchmark with JMH's own harness (forked JVM). Subcommands: serde.")
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark: try 'inferstream bench serde'");
    }

    static CommandLine commandLine() {
        return new CommandLine(new BenchCommand());
    }

    /** {@code bench serde}: the registry serde's round trip against plain Avro binary. */
    @Command(name = "serde", mixinStandardHelpOptions = true,
        description = {"Avro serde round trip (Confluent wire format, cached registry lookups) vs plain Avro binary, "
            + "in records/s.", "JMH prints its progress while it runs; the table comes at the end."})
    static final class Serde implements Callable<Integer> {

        @Option(names = "--quick", description = "Short warmup and measurement (~30 s) instead of the full run (~80 s).")
        boolean quick;

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
        Path json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Double> scores = SerdeBench.run(quick);
            PrintWriter out = spec.commandLine().getOut();
            out.println();
            int width = Math.max(6, scores.keySet().stream().mapToInt(String::length).max().orElse(0));
            String row = "%-" + width + "s %16s  %s%n";
            out.printf(row, "metric", "value", "unit");
            scores.forEach((name, value) -> out.printf(row, name, format(name, value), unit(name)));
            out.println("(ratios are serde/plain throughput: 1.0 = no overhead; medians over rounds)");
            out.flush();
            if (json != null) {
                writeJson(json, scores);
                out.println("Wrote " + json);
                out.flush();
            }
            return ExitCodes.OK;
        }

        /** What a result key measures, from SerdeBench's naming: ratios contain '/', allocations end in the suffix. */
        static String unit(String name) {
            if (name.endsWith(SerdeBench.ALLOC_SUFFIX)) {
                return "bytes/record";
            }
            return name.contains("/") ? "ratio" : "records/s";
        }

        static String format(String name, double value) {
            if (!Double.isFinite(value)) {
                return "n/a";
            }
            return unit(name).equals("ratio") ? String.format("%.3f", value) : String.format("%,.0f", value);
        }

        private void writeJson(Path file, Map<String, Double> scores) throws IOException {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = mapper.createObjectNode();
            root.put("benchmark", "serde");
            root.put("quick", quick);
            ObjectNode results = root.putObject("results");
            scores.forEach((name, value) -> {
                ObjectNode r = results.putObject(name);
                if (Double.isFinite(value)) {
                    r.put("value", value);
                } else {
                    r.putNull("value");
                }
                r.put("unit", unit(name));
            });
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                java.nio.file.Files.createDirectories(parent);
            }
            mapper.writeValue(file.toFile(), root);
        }
    }
}
