package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only {@code io.inferstream.model} may touch TensorFlow: everything else stays testable without native libraries
 * and the TF dependency stays replaceable. Scans the sources (not bytecode) so it also catches imports of classes
 * that happen to be unused.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final String MODEL_DIR = "io/inferstream/model/";
    /** An import of, or a fully-qualified reference to, anything under org.tensorflow, outside comments. */
    private static final Pattern TENSORFLOW = Pattern.compile("^\\s*import\\s+(static\\s+)?org\\.tensorflow\\.|(?<![\\w.])org\\.tensorflow\\.\\w");

    /** Lines of {@code source} that use TensorFlow, as "line N: text". */
    static List<String> tensorFlowUses(String source) {
        List<String> hits = new ArrayList<>();
        String[] lines = source.split("\\R", -1);
        boolean inBlockComment = false;
        for (int i = 0; i < lines.length; i++) {
            String code = stripComments(lines[i], inBlockComment);
            inBlockComment = endsInBlockComment(lines[i], inBlockComment);
            if (TENSORFLOW.matcher(code).find()) {
                hits.add("line " + (i + 1) + ": " + lines[i].trim());
            }
        }
        return hits;
    }

    private static String stripComments(String line, boolean inBlock) {
        StringBuilder sb = new StringBuilder();
        boolean block = inBlock;
        for (int i = 0; i < line.length(); i++) {
            if (block) {
                if (line.startsWith("*/", i)) {
                    block = false;
                    i++;
                }
            } else if (line.startsWith("/*", i)) {
                block = true;
                i++;
            } else if (line.startsWith("//", i)) {
                break;
            } else {
                sb.append(line.charAt(i));
            }
        }
        return sb.toString();
    }

    private static boolean endsInBlockComment(String line, boolean inBlock) {
        boolean block = inBlock;
        for (int i = 0; i < line.length(); i++) {
            if (block && line.startsWith("*/", i)) {
                block = false;
                i++;
            } else if (!block && line.startsWith("//", i)) {
                return false;
            } else if (!block && line.startsWith("/*", i)) {
                block = true;
                i++;
            }
        }
        return block;
    }

    @Test
    void shouldKeepTensorFlowInsideTheModelPackage() throws IOException {
        assertThat(MAIN).isDirectory();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = MAIN.relativize(f).toString().replace('\\', '/');
                if (rel.startsWith(MODEL_DIR)) {
                    continue;
                }
                tensorFlowUses(Files.readString(f)).forEach(hit -> violations.add(rel + " " + hit));
            }
        }
        assertThat(violations).as("org.tensorflow used outside io.inferstream.model").isEmpty();
    }

    @Test
    void shouldCatchImportsAndQualifiedReferences() {
        assertThat(tensorFlowUses("package x;\nimport org.tensorflow.SavedModelBundle;\nclass A {}")).containsExactly(
            "line 2: import org.tensorflow.SavedModelBundle;");
        assertThat(tensorFlowUses("import static org.tensorflow.Foo.bar;")).hasSize(1);
        assertThat(tensorFlowUses("class A { org.tensorflow.Tensor t; }")).hasSize(1);
        assertThat(tensorFlowUses("  import   org.tensorflow.types.*;")).hasSize(1);
    }

    @Test
    void shouldIgnoreCommentsAndLookalikes() {
        assertThat(tensorFlowUses("""
            // import org.tensorflow.Foo;
            /* org.tensorflow.Bar
               import org.tensorflow.Baz; */
            /** Only model may import org.tensorflow. */
            import com.example.org.tensorflow.Fake;
            class A {}
            """)).isEmpty();
    }
}
