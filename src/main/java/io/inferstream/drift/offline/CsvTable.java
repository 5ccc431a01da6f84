package io.inferstream.drift.offline;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A CSV file with a header row (RFC 4180: comma-separated, fields optionally in double quotes with
 * {@code ""} for a quote, line breaks allowed inside quotes; CRLF or LF; UTF-8). Blank lines are
 * skipped; every other row must have as many fields as the header.
 *
 * <p>Parsed here rather than with a CSV library because the format is this small and the project
 * has none; the offline commands read files of training-set size, held in memory.
 *
 * @param file where it was read from (for messages)
 * @param header column names, unique
 * @param rows the data rows, each {@code header.size()} fields
 */
public record CsvTable(Path file, List<String> header, List<String[]> rows) {

    /** Reads and validates {@code file}; {@link DataFileException} with the reason and line otherwise. */
    public static CsvTable read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such file");
        } catch (MalformedInputException e) {
            throw new DataFileException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new DataFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file, text);
    }

    /** Parses {@code text} as the content of {@code file}. */
    public static CsvTable parse(Path file, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Record> records = records(file, text);
        if (records.isEmpty()) {
            throw new DataFileException(file + ": empty file, expected a header row");
        }
        List<String> header = List.of(records.get(0).fields());
        Set<String> seen = new HashSet<>();
        for (String name : header) {
            if (name.isBlank()) {
                throw new DataFileException(file + ": header has an empty column name");
            }
            if (!seen.add(name)) {
                throw new DataFileException(file + ": header names column '" + name + "' twice");
            }
        }
        List<String[]> rows = new ArrayList<>(records.size() - 1);
        for (Record r : records.subList(1, records.size())) {
            if (r.fields().length != header.size()) {
                throw new DataFileException(file + ": line " + r.line() + " has " + r.fields().length
                        + " fields, the header has " + header.size());
            }
            rows.add(r.fields());
        }
        return new CsvTable(file, header, List.copyOf(rows));
    }

    /** The index of {@code column} in the header, or -1. */
    public int columnIndex(String column) {
        return header.indexOf(column);
    }

    private record Record(int line, String[] fields) {
    }

    private static List<Record> records(Path file, String text) {
        List<Record> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int line = 1;
        int recordLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.length() > 0 || wasQuoted) {
                    throw new DataFileException(file + ": line " + line + ": a quote inside an unquoted field");
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                addUnlessBlank(out, recordLine, fields);
                fields = new ArrayList<>();
                field.setLength(0);
                wasQuoted = false;
                line++;
                recordLine = line;
            } else {
                if (wasQuoted) {
                    throw new DataFileException(file + ": line " + line + ": text after a closing quote");
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw new DataFileException(file + ": line " + recordLine + ": a quoted field is not closed");
        }
        if (field.length() > 0 || !fields.isEmpty() || wasQuoted) {
            fields.add(field.toString());
            addUnlessBlank(out, recordLine, fields);
        }
        return out;
    }

    private static void addUnlessBlank(List<Record> out, int line, List<String> fields) {
        if (fields.size() == 1 && fields.get(0).isBlank()) {
            return;
        }
        out.add(new Record(line, fields.toArray(String[]::new)));
    }
}
