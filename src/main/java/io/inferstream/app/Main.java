package io.inferstream.app;

import io.inferstream.config.ConfigException;
import io.inferstream.embedded.PortInUseException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the {@code inferstream} launcher. Subcommands do the work; main only parses and dispatches. */
@Command(name = "inferstream", mixinStandardHelpOptions = true, version = "inferstream 0.1.0",
    description = "Streaming inference, online recommendations and drift monitoring on Kafka Streams.",
    footer = {"", "Configuration: --config FILE, INFERSTREAM_* environment variables (INFERSTREAM_KAFKA_BOOTSTRAP_SERVERS "
        + "sets kafka.bootstrap.servers; '__' stands for '-'), then --set KEY=VALUE. See README.md."})
public final class Main implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine(CliContext.system()).execute(args));
    }

    /** The full command tree with Inferstream's error handling; tests call {@code execute} on it. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand(new CommandLine(new DemoCommand(context)));
        cl.addSubcommand(new CommandLine(new RunCommand(context)));
        cl.addSubcommand(new CommandLine(new TopicsCommand(context)));
        cl.addSubcommand(new CommandLine(new ProduceCommand(context)));
        cl.addSubcommand(new CommandLine(new TailCommand(context)));
        cl.addSubcommand(new CommandLine(new DescribeCommand(context)));
        cl.addSubcommand(new CommandLine(new ModelsCommand(context)));
        cl.addSubcommand(BenchCommand.commandLine());
        cl.addSubcommand(new CommandLine(new DriftCommand()));
        cl.setExecutionExceptionHandler(Main::handle);
        return cl;
    }

    /** One line the user can act on, the right exit code, and the stack trace only at debug level. */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        int code;
        String message;
        if (e instanceof ConfigException ce) {
            code = ExitCodes.CONFIG;
            message = ce.getMessage();
        } else if (e instanceof CliException ce) {
            code = ce.exitCode();
            message = ce.getMessage();
        } else if (e instanceof PortInUseException) {
            code = ExitCodes.UNAVAILABLE;
            message = e.getMessage();
        } else {
            code = ExitCodes.FAILURE;
            message = describe(e);
        }
        err.println(cmd.getColorScheme().errorText("error: " + message));
        err.flush();
        log.debug("Command {} failed", cmd.getCommandName(), e);
        return code;
    }

    /** The exception's message and its causes' (deduplicated), as one line. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (last == null || !last.contains(m)) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
            last = m;
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }
}
