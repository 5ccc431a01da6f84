package io.inferstream.app;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The generated Avro records ({@code io.inferstream.avro.*}) by simple name, so {@code produce --value-type
 * UserEvent} can use the class's schema without a file.
 */
final class ValueTypes {

    static final List<String> NAMES = List.of("InferenceRequest", "InferenceResult", "DeadLetter", "ModelEvent",
        "UserEvent", "Recommendations", "ItemFactorUpdate", "ItemFactors", "RecommendationRequest", "UserProfile", "DriftMetric", "DriftAlert", "Tensor");

    private ValueTypes() {
    }

    static Schema schema(String simpleName) {
        if (!NAMES.contains(simpleName)) {
            throw new CliException(ExitCodes.USAGE, "Unknown value type '" + simpleName + "'; known: " + String.join(", ", NAMES));
        }
        try {
            Class<?> c = Class.forName("io.inferstream.avro." + simpleName);
            return SpecificData.get().getSchema(c);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Generated class io.inferstream.avro." + simpleName + " is missing", e);
        }
    }

    static Map<String, Schema> all() {
        Map<String, Schema> out = new TreeMap<>();
        NAMES.forEach(n -> out.put(n, schema(n)));
        return out;
    }
}
