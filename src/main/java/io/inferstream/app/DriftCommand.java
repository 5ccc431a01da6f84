package io.inferstream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferstream.drift.detect.DriftRule;
import io.inferstream.drift.offline.CsvTable;
import io.inferstream.drift.offline.DataFileDrift;
import io.inferstream.drift.offline.DataFileDrift.ColumnDrift;
import io.inferstream.drift.offline.DataFileException;
import io.inferstream.drift.offline.DataFileProfiles;
import io.inferstream.drift.profile.ReferenceProfiles;
import io.inferstream.drift.profile.ReferenceProfiles.DriftReference;
import io.inferstream.model.ReferenceProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code inferstream drift ...}: the drift monitor's statistics offline, on data files, for checks before a deploy. */
@Command(name = "drift", mixinStandardHelpOptions = true, subcommands = {DriftCommand.Compare.class, DriftCommand.Profile.class},
    description = "Drift statistics on data files, computed by the same code as the stream. Subcommands: compare, profile.")
final class DriftCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'inferstream drift compare' or 'inferstream drift profile'");
    }

    /** {@code drift compare REFERENCE CURRENT}. */
    @Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Drift of every column of CURRENT against REFERENCE: psi, ks, ks_p_value, jensen_shannon, "
            + "wasserstein_normed for numeric columns; chi_square, chi_square_p_value, jensen_shannon for categorical ones; "
            + "with the verdict the stream's alerts use.",
            "CSV files with a header row. A column is numeric when all its non-empty values in both files are numbers; "
                + "empty cells are missing. REFERENCE may also be a reference profile (.json, from 'drift profile' or a "
                + "model's assets/reference_profile.json)."})
    static final class Compare implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "REFERENCE", description = "Reference data (CSV) or reference profile (.json).")
        Path reference;

        @Parameters(index = "1", paramLabel = "CURRENT", description = "Current data (CSV).")
        Path current;

        @Option(names = "--json", description = "Print {\"<column>\": {\"<metric>\": value, ...}} only (null where undefined).")
        boolean json;

        @Option(names = "--categorical", split = ",", paramLabel = "COLUMN",
            description = "Treat these columns as categorical even if their values are numbers (CSV reference only).")
        List<String> categorical = List.of();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<ColumnDrift> results;
            try {
                CsvTable cur = CsvTable.read(current);
                if (isProfile(reference)) {
                    if (!categorical.isEmpty()) {
                        throw new DataFileException("--categorical applies to a CSV reference; a profile fixes the column types");
                    }
                    results = DataFileDrift.compare(readProfile(reference), cur, DriftRule.defaults());
                } else {
                    results = DataFileDrift.compare(CsvTable.read(reference), cur, new LinkedHashSet<>(categorical), DriftRule.defaults());
                }
            } catch (DataFileException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? toJson(results) + System.lineSeparator() : table(results));
            out.flush();
            return ExitCodes.OK;
        }

        static String toJson(List<ColumnDrift> results) throws IOException {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            for (ColumnDrift r : results) {
                ObjectNode column = root.putObject(r.column());
                r.metrics().forEach((name, value) -> {
                    if (Double.isFinite(value)) {
                        column.put(name, value);
                    } else {
                        column.putNull(name);
                    }
                });
            }
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        }

        static String table(List<ColumnDrift> results) {
            StringBuilder sb = new StringBuilder();
            String row = "%-20s %-11s %9s %9s  %-88s %s%n";
            sb.append(String.format(Locale.ROOT, row, "column", "type", "ref n", "cur n", "metrics", "verdict"));
            for (ColumnDrift r : results) {
                StringBuilder metrics = new StringBuilder();
                r.metrics().forEach((name, value) -> metrics.append(metrics.length() == 0 ? "" : " ").append(name).append('=')
                        .append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.4g", value) : "n/a"));
                sb.append(String.format(Locale.ROOT, row, r.column(), r.numeric() ? "numeric" : "categorical",
                        r.referenceCount(), r.currentCount(), metrics, r.verdict().label()));
            }
            sb.append("verdict: drift needs a distance over its threshold (psi, wasserstein_normed, jensen_shannon: 0.1 warning, "
                    + "0.2 critical) and a significant test (p < 0.05 warning, < 0.01 critical); at least "
                    + DriftRule.defaults().minSamples() + " values per side.").append(System.lineSeparator());
            return sb.toString();
        }
    }

    /** {@code drift profile DATA --out PROFILE}. */
    @Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Build a reference profile (the JSON format of a model's assets/reference_profile.json, with KLL "
            + "sketches) from a CSV data file, for 'drift compare' and for models that ship without one."})
    static final class Profile implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "DATA", description = "Reference data (CSV with a header row).")
        Path data;

        @Option(names = "--out", required = true, paramLabel = "PROFILE", description = "Where to write the profile (.json).")
        Path out;

        @Option(names = "--categorical", split = ",", paramLabel = "COLUMN",
            description = "Treat these columns as categorical even if their values are numbers.")
        List<String> categorical = List.of();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            CsvTable table;
            DriftReference reference;
            try {
                table = CsvTable.read(data);
                for (String c : categorical) {
                    if (table.columnIndex(c) < 0) {
                        throw new DataFileException("--categorical names '" + c + "', which " + data + " does not have");
                    }
                }
                reference = DataFileProfiles.profile(table, Set.copyOf(categorical));
            } catch (DataFileException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
            }
            Map<String, io.inferstream.model.NumericProfile> numeric = new LinkedHashMap<>();
            reference.numericFeatures().forEach((name, d) -> numeric.put(name, ReferenceProfiles.toModel(d)));
            Map<String, io.inferstream.model.CategoricalProfile> cats = new LinkedHashMap<>();
            reference.categoricalFeatures().forEach((name, d) -> cats.put(name, ReferenceProfiles.toModel(d)));
            new ReferenceProfile(null, 0, null, table.rows().size(), Map.of(), numeric, cats, Map.of(), Map.of()).write(out);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("wrote %s: %d rows, numeric columns %s, categorical columns %s%n", out, table.rows().size(),
                    numeric.keySet(), cats.keySet());
            w.flush();
            return ExitCodes.OK;
        }
    }

    private static boolean isProfile(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    private static DriftReference readProfile(Path file) {
        ReferenceProfile profile;
        try {
            profile = ReferenceProfile.read(file);
        } catch (IOException e) {
            throw new DataFileException(file + ": not a reference profile: " + Main.describe(e), e);
        }
        try {
            return ReferenceProfiles.of(profile);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file + ": " + e.getMessage(), e);
        }
    }
}
