package io.inferstream.app;

import io.inferstream.model.DemoModelReport;
import io.inferstream.model.DemoModels;
import io.inferstream.model.ModelLoadException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code inferstream models ...}: model repository tools and the operator commands on model-control. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = {"Model repository tools, and operator commands that every instance applies through the "
        + "model-control topic (see README.md, Operating models)."},
    subcommands = {ModelsCommand.BuildDemo.class, ModelStatusCommand.class, ModelControlCommands.Pin.class,
        ModelControlCommands.Unpin.class, ModelControlCommands.Canary.class, ModelControlCommands.Promote.class,
        ModelControlCommands.Rollback.class, ModelControlCommands.Shadow.class})
final class ModelsCommand implements Runnable {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    ModelsCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code inferstream models build-demo DIR}. */
    @Command(name = "build-demo", mixinStandardHelpOptions = true,
        description = {"Train the demo click-through model in Java with TensorFlow Java and export versions 1 and 2 as "
            + "SavedModels in TensorFlow Serving's layout: DIR/ctr/1 and DIR/ctr/2, each with assets/reference_profile.json.",
            "Version 2 is trained on shifted data with a wider hidden layer, for the canary and hot-reload demos."})
    static final class BuildDemo implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "DIR", description = "Model repository to write into (created if missing).")
        Path dir;

        @Option(names = "--seed", defaultValue = "42", description = "Training seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException, ModelLoadException {
            PrintWriter out = spec.commandLine().getOut();
            List<DemoModelReport> reports = DemoModels.build(dir, seed);
            for (DemoModelReport r : reports) {
                out.println(r);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
