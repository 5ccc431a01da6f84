package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.model.ReferenceProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftCommandTest {

    @TempDir
    Path dir;

    private Path reference;
    private Path current;

    /** x ~ N(shift, 1); code in 1..3 (numeric-looking category); color red/blue. */
    private Path csv(String name, long seed, int rows, double shift) throws IOException {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder("x,code,color\n");
        for (int i = 0; i < rows; i++) {
            sb.append(shift + random.nextGaussian()).append(',').append(1 + random.nextInt(3)).append(',')
                    .append(random.nextBoolean() ? "red" : "blue").append('\n');
        }
        return Files.writeString(dir.resolve(name), sb);
    }

    @BeforeEach
    void files() throws IOException {
        reference = csv("reference.csv", 1, 3_000, 0);
        current = csv("current.csv", 2, 1_000, 0.5);
    }

    @Test
    void shouldPrintExactlyTheMetricsPerColumnAsJson() throws IOException {
        CliRun r = CliRun.run("drift", "compare", reference.toString(), current.toString(), "--json", "--categorical", "code");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(fieldNames(json)).containsExactly("x", "code", "color");
        assertThat(fieldNames(json.get("x"))).containsExactly("psi", "ks", "ks_p_value", "jensen_shannon", "wasserstein_normed");
        assertThat(fieldNames(json.get("code"))).containsExactly("chi_square", "chi_square_p_value", "jensen_shannon");
        assertThat(fieldNames(json.get("color"))).containsExactly("chi_square", "chi_square_p_value", "jensen_shannon");
        assertThat(json.get("x").get("wasserstein_normed").asDouble()).isBetween(0.4, 0.6);
        assertThat(json.get("color").get("chi_square_p_value").asDouble()).isGreaterThan(0.001);
    }

    @Test
    void shouldTypeNumericLookingColumnsAsNumericWithoutOverride() throws IOException {
        CliRun r = CliRun.run("drift", "compare", reference.toString(), current.toString(), "--json");
        assertThat(fieldNames(new ObjectMapper().readTree(r.out()).get("code"))).contains("psi");
    }

    @Test
    void shouldPrintATableWithVerdicts() {
        CliRun r = CliRun.run("drift", "compare", reference.toString(), current.toString(), "--categorical=code");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("column").contains("verdict");
        assertThat(r.out().lines().filter(l -> l.startsWith("x ")).findFirst().orElseThrow())
                .contains("numeric").contains("3000").contains("1000").contains("psi=").endsWith("critical");
        assertThat(r.out().lines().filter(l -> l.startsWith("color ")).findFirst().orElseThrow())
                .contains("categorical").endsWith("none");
    }

    @Test
    void shouldBuildAProfileAndCompareAgainstIt() throws IOException {
        Path profile = dir.resolve("profile.json");
        CliRun built = CliRun.run("drift", "profile", reference.toString(), "--out", profile.toString(), "--categorical", "code");
        assertThat(built.exitCode()).as(built.err()).isZero();
        assertThat(built.out()).contains("3000 rows");
        ReferenceProfile p = ReferenceProfile.read(profile);
        assertThat(p.numericFeatures()).containsOnlyKeys("x");
        assertThat(p.numericFeatures().get("x").kllSketch()).isNotBlank();
        assertThat(p.categoricalFeatures()).containsOnlyKeys("code", "color");

        CliRun r = CliRun.run("drift", "compare", profile.toString(), current.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(fieldNames(json)).containsExactly("x", "code", "color");
        assertThat(json.get("x").get("wasserstein_normed").asDouble()).isBetween(0.4, 0.6);
    }

    @Test
    void shouldRejectBadFilesWithExitCodeTwoAndOneLine() throws IOException {
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "x,code,color\n1,2\n");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Path fewer = Files.writeString(dir.resolve("fewer.csv"), "x,color\n1,red\n");
        Path notProfile = Files.writeString(dir.resolve("bad.json"), "{\"model\": [1]}");
        String missing = dir.resolve("missing.csv").toString();
        List<String[]> lines = List.of(
                new String[] {"drift", "compare", missing, current.toString()},
                new String[] {"drift", "compare", reference.toString(), missing},
                new String[] {"drift", "compare", reference.toString(), ragged.toString()},
                new String[] {"drift", "compare", empty.toString(), current.toString()},
                new String[] {"drift", "compare", reference.toString(), fewer.toString()},
                new String[] {"drift", "compare", notProfile.toString(), current.toString()},
                new String[] {"drift", "compare", reference.toString(), current.toString(), "--categorical", "nope"},
                new String[] {"drift", "profile", missing, "--out", dir.resolve("p.json").toString()},
                new String[] {"drift", "compare", reference.toString()},
                new String[] {"drift"});
        List<String> expected = List.of("missing.csv: no such file", "missing.csv: no such file", "line 2 has 2 fields",
                "expected a header row", "missing column code of the reference", "not a reference profile", "'nope'",
                "missing.csv: no such file", "CURRENT", "Missing subcommand");
        for (int i = 0; i < lines.size(); i++) {
            CliRun r = CliRun.run(lines.get(i));
            assertThat(r.exitCode()).as(String.join(" ", lines.get(i)) + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(String.join(" ", lines.get(i))).contains(expected.get(i)).doesNotContain("\tat ");
            assertThat(r.out()).isEmpty();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
