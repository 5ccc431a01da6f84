package io.inferstream.config;

import java.util.List;

/**
 * The configuration is unusable. Carries every problem found (not just the first), each naming the key and
 * where its value came from, so one start-up attempt is enough to see what to fix.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.size() == 1) {
            return "Invalid configuration: " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder("Invalid configuration (" + problems.size() + " problems):");
        for (String p : problems) {
            sb.append(System.lineSeparator()).append("  - ").append(p);
        }
        return sb.toString();
    }
}
