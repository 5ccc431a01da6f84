package io.inferstream.app;

import io.inferstream.config.InferstreamConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.TopologyDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code inferstream describe}: prints each topology's {@code Topology#describe()}; offline. */
@Command(name = "describe", mixinStandardHelpOptions = true,
    description = "Print the Kafka Streams topologies (Topology#describe()). Needs no broker.")
final class DescribeCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--write", paramLabel = "DIR",
        description = "Also write each description to DIR/<name>.txt (the checked-in copies live in topologies/).")
    Path writeDir;

    @Spec
    CommandSpec spec;

    DescribeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        InferstreamConfig config = configOptions.load(context.env());
        PrintWriter out = spec.commandLine().getOut();
        List<TopologyFactory> factories = context.topologies().get();
        if (factories.isEmpty()) {
            out.println(Topologies.NONE_YET);
            out.flush();
            return ExitCodes.OK;
        }
        for (TopologyFactory f : factories) {
            TopologyDescription d = f.build(config).describe();
            String text = "# " + f.name() + ": " + f.description() + System.lineSeparator() + d;
            out.println(text);
            if (writeDir != null) {
                write(writeDir.resolve(f.name() + ".txt"), text);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text.endsWith("\n") ? text : text + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
