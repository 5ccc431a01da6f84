package io.inferstream.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The inputs and outputs of one SignatureDef of a SavedModel, as read when the model is loaded.
 * The topology maps Avro fields to {@link #inputs()} by name, and reads results by {@link
 * #outputs()} name.
 *
 * @param key the signature key, e.g. {@code serving_default}
 * @param methodName the SignatureDef method name, e.g. {@code tensorflow/serving/predict}; may be
 *     empty
 * @param inputs input specs by name, sorted by name
 * @param outputs output specs by name, sorted by name
 */
public record ModelSignature(
        String key, String methodName, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {

    /** TensorFlow's default signature key, the one TensorFlow Serving uses when none is given. */
    public static final String DEFAULT_KEY = "serving_default";

    public ModelSignature {
        Objects.requireNonNull(key, "key");
        methodName = methodName == null ? "" : methodName;
        inputs = Collections.unmodifiableMap(new TreeMap<>(inputs));
        outputs = Collections.unmodifiableMap(new TreeMap<>(outputs));
    }

    /**
     * Whether batches must be fed one row per call: true when any input has its batch dimension fixed
     * at 1 or has none.
     */
    public boolean scoresRowByRow() {
        return inputs.values().stream().anyMatch(s -> s.batch() != BatchDimension.VARIABLE);
    }

    /** The input of that name, or an {@link IllegalArgumentException} naming the known inputs. */
    public TensorSpec input(String name) {
        TensorSpec spec = inputs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("signature " + key + " has no input '" + name + "'; inputs: " + inputs.keySet());
        }
        return spec;
    }

    /** The output of that name, or an {@link IllegalArgumentException} naming the known outputs. */
    public TensorSpec output(String name) {
        TensorSpec spec = outputs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("signature " + key + " has no output '" + name + "'; outputs: " + outputs.keySet());
        }
        return spec;
    }
}
