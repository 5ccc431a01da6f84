package io.inferstream.app;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process with captured output, as tests need it. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        return run(Map.of(), "", List.of(), args);
    }

    static CliRun run(Map<String, String> env, String stdin, List<TopologyFactory> topologies, String... args) {
        CliContext ctx = new CliContext(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), () -> topologies);
        CommandLine cl = Main.commandLine(ctx);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
