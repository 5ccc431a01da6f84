package io.inferstream.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * README.md as the doc tests read it: sections by heading, Markdown tables as rows of cells, fenced code blocks by
 * language. Tests compare these with the code (topics, config keys, topologies) so the README cannot go stale.
 */
public final class Readme {

    public static final Path PATH = Path.of("README.md");

    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    private final List<String> lines;

    private Readme(List<String> lines) {
        this.lines = lines;
    }

    public static Readme read() throws IOException {
        return new Readme(Files.readAllLines(PATH));
    }

    /**
     * The lines under a heading ({@code ## Topics}, {@code ### Reference}: give it with its #s) up to the next heading
     * of the same or a higher level; fails naming the heading when there is none.
     */
    public List<String> section(String heading) {
        int level = heading.indexOf(' ');
        boolean inCode = false;
        int start = -1;
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            }
            if (!inCode && line.startsWith("#")) {
                int l = line.indexOf(' ');
                if (start >= 0 && l > 0 && l <= level) {
                    break;
                }
                if (line.strip().equals(heading)) {
                    start = out.size();
                    continue;
                }
            }
            if (start >= 0) {
                out.add(line);
            }
        }
        if (start < 0) {
            throw new AssertionError(PATH + " has no heading '" + heading + "'");
        }
        return out;
    }

    /**
     * The data rows of the first table in {@code section} whose header's first cell is {@code firstHeader}, each as
     * its trimmed cells ({@code \|} inside a cell is kept as {@code |}); fails when there is no such table.
     */
    public static List<List<String>> table(List<String> section, String firstHeader) {
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : section) {
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            List<String> cells = cells(line);
            if (!inTable) {
                inTable = !cells.isEmpty() && cells.get(0).equals(firstHeader);
                continue;
            }
            if (cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
                continue; // the header's separator
            }
            rows.add(cells);
        }
        if (!inTable) {
            throw new AssertionError(PATH + ": no table with first column '" + firstHeader + "' in " + String.join("\n", section.subList(0, Math.min(3, section.size()))));
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String body = line.strip();
        body = body.substring(1, body.endsWith("|") && !body.endsWith("\\|") ? body.length() - 1 : body.length());
        List<String> out = new ArrayList<>();
        for (String cell : body.split("(?<!\\\\)\\|", -1)) {
            out.add(cell.replace("\\|", "|").strip());
        }
        return out;
    }

    /** The texts inside backticks in {@code cell}, in order. */
    public static List<String> backticked(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = BACKTICKED.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The contents of every fenced code block tagged {@code language} (```mermaid), in order. */
    public List<String> codeBlocks(String language) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            if (current == null && line.strip().equals("```" + language)) {
                current = new StringBuilder();
            } else if (current != null && line.strip().equals("```")) {
                out.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return out;
    }
}
