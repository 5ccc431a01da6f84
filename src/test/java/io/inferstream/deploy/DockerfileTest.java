package io.inferstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.config.ConfigLoader;
import io.inferstream.config.InferstreamConfig;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * docker/Dockerfile against the repository: what it copies exists (and is not excluded from the build context),
 * the jar is the one the pom builds, TensorFlow's native cache is pre-warmed where the entry point looks for it,
 * and the image serves the production config's model repository and port.
 */
class DockerfileTest {

    static final Path DOCKERFILE = Path.of("docker/Dockerfile");
    private static final Path DOCKERIGNORE = Path.of(".dockerignore");
    private static final Path PRODUCTION = Path.of("config/production.properties");
    private static final Pattern CACHEDIR = Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.cachedir=(\\S+?)\"?[\\s,]");

    /** Instructions, continuation lines joined, comments dropped. */
    private static List<String> instructions;
    private static InferstreamConfig production;

    @BeforeAll
    static void load() throws Exception {
        instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String t = line.strip();
            if (t.startsWith("#") || (t.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            current.append(t);
            instructions.add(current.toString().replaceAll("\\s+", " ").strip());
            current.setLength(0);
        }
        production = ConfigLoader.load(Optional.of(PRODUCTION), Map.of(), List.of());
    }

    private static List<String> all(String instruction) {
        return instructions.stream().filter(i -> i.startsWith(instruction + " ")).toList();
    }

    private static String only(String instruction) {
        List<String> found = all(instruction);
        assertThat(found).as("%s instructions in %s", instruction, DOCKERFILE).hasSize(1);
        return found.get(0);
    }

    @Test
    void shouldCopyOnlyFilesThatExistAndAreInTheBuildContext() throws Exception {
        List<String> ignored = Files.exists(DOCKERIGNORE)
            ? Files.readAllLines(DOCKERIGNORE).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()
            : List.of();
        List<String> problems = new ArrayList<>();
        for (String copy : all("COPY")) {
            List<String> words = new ArrayList<>(List.of(copy.split(" ")));
            words.remove(0);
            if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
                continue; // from another stage: checked below
            }
            words.removeIf(w -> w.startsWith("--"));
            for (String source : words.subList(0, words.size() - 1)) {
                Path p = Path.of(source);
                if (!Files.exists(p)) {
                    problems.add(copy + ": " + source + " does not exist in the repository (the build context)");
                }
                for (String pattern : ignored) {
                    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replaceAll("^/|/$", ""));
                    if (!pattern.startsWith("!") && m.matches(p.normalize())) {
                        problems.add(copy + ": " + source + " is excluded by " + DOCKERIGNORE + " pattern " + pattern);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldCopyTheShadedJarThePomBuilds() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        Element project = pom.getDocumentElement();
        String classifier = pom.getElementsByTagName("shadedClassifierName").item(0).getTextContent().trim();
        String jar = "target/" + child(project, "artifactId") + "-" + child(project, "version") + "-" + classifier + ".jar";

        assertThat(instructions).as("the build stage runs the wrapper").contains("RUN ./mvnw -B -DskipTests package");
        Matcher copy = Pattern.compile("COPY --from=build /src/(\\S+) /app/app\\.jar").matcher(String.join("\n", instructions));
        assertThat(copy.find()).as("COPY --from=build of the jar to /app/app.jar").isTrue();
        String glob = copy.group(1);
        assertThat(jar).as(glob + " matches the jar the pom builds").matches(glob.replace(".", "\\.").replace("*", "[^/]*"));
        assertThat(Path.of("mvnw")).exists();
    }

    @Test
    void shouldRunTheProductionConfig() {
        assertThat(only("ENTRYPOINT")).startsWith("ENTRYPOINT [\"java\",").endsWith("\"-jar\", \"/app/app.jar\"]");
        assertThat(only("CMD")).isEqualTo("CMD [\"run\", \"--config\", \"/etc/inferstream/production.properties\"]");
        assertThat(instructions).contains("COPY config/production.properties /etc/inferstream/production.properties");
        assertThat(only("EXPOSE")).as("EXPOSE the production config's http.port").isEqualTo("EXPOSE " + production.http().port());
    }

    @Test
    void shouldPrewarmTensorFlowsNativeCacheWhereTheEntryPointReadsIt() {
        List<String> warm = all("RUN").stream().filter(r -> r.contains("models build-demo")).toList();
        assertThat(warm).as("a RUN that loads TensorFlow at build time (models build-demo) in " + DOCKERFILE).hasSize(1);
        String run = warm.get(0);
        assertThat(instructions.indexOf(run)).as("the warm-up runs as the user the image runs as (after USER)")
            .isGreaterThan(instructions.indexOf(only("USER")));
        assertThat(run).as("the warm-up runs the jar the image runs").contains("-jar /app/app.jar");

        String cacheDir = cacheDir(run.replace("${JAVACPP_CACHE}", env("JAVACPP_CACHE")) + " ");
        assertThat(cacheDir(only("ENTRYPOINT") + " ")).as("ENTRYPOINT's JavaCPP cache dir is the pre-warmed one").isEqualTo(cacheDir);
        assertThat(run).as("the build fails when the cache stayed empty").contains("test -n");

        // The demo model it trains is what the container serves until a repository is mounted.
        assertThat(run).as("build-demo writes into production.properties' inference.model.repository")
            .contains("models build-demo " + production.inference().modelRepository());
    }

    @Test
    void shouldProbeReadinessAndMatchTheNativeLibrarysPlatform() throws Exception {
        assertThat(only("HEALTHCHECK")).contains("/health/ready").contains("${INFERSTREAM_HTTP_PORT:-" + production.http().port() + "}");
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).as("TensorFlow's native classifier (the compose platform follows it)").contains("<classifier>linux-x86_64</classifier>");
        ComposeFile compose = ComposeFile.read();
        for (String service : compose.serviceNames()) {
            if (compose.service(service).has("build")) {
                assertThat(compose.service(service).path("platform").asText())
                    .as("platform of %s: the jar carries TensorFlow's linux-x86_64 native library only", service).isEqualTo("linux/amd64");
            }
        }
    }

    private static String cacheDir(String instruction) {
        Matcher m = CACHEDIR.matcher(instruction);
        assertThat(m.find()).as("-Dorg.bytedeco.javacpp.cachedir in: " + instruction).isTrue();
        return m.group(1);
    }

    private static String env(String name) {
        for (String e : all("ENV")) {
            Matcher m = Pattern.compile("ENV " + name + "[= ](\\S+)").matcher(e);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError(DOCKERFILE + " has no ENV " + name);
    }

    private static String child(Element parent, String name) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        throw new AssertionError("pom.xml has no " + name);
    }
}
