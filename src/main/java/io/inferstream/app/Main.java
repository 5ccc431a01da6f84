package io.inferstream.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code inferstream} launcher. Subcommands do the work; main only parses and dispatches. */
@Command(name = "inferstream", mixinStandardHelpOptions = true, version = "inferstream 0.1.0",
    description = "Streaming inference, online recommendations and drift monitoring on Kafka Streams.")
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
