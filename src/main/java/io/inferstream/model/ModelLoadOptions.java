package io.inferstream.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link ModelLoader} loads a version.
 *
 * @param signatureKey SignatureDef to serve, normally {@link ModelSignature#DEFAULT_KEY}
 * @param tags MetaGraph tags to load, normally {@code serve}
 * @param expectedInputs when non-empty, the signature must have exactly these inputs with these
 *     dtypes (the feature mapping the topology was configured with); a mismatch fails the load
 * @param warmUp whether to score one all-zero row before returning, so the first real request does
 *     not pay TensorFlow's lazy initialisation
 * @param intraOpThreads TensorFlow intra-op threads, 0 for TensorFlow's default
 * @param interOpThreads TensorFlow inter-op threads, 0 for TensorFlow's default
 */
public record ModelLoadOptions(
        String signatureKey,
        List<String> tags,
        Map<String, DType> expectedInputs,
        boolean warmUp,
        int intraOpThreads,
        int interOpThreads) {

    public ModelLoadOptions {
        Objects.requireNonNull(signatureKey, "signatureKey");
        tags = List.copyOf(tags);
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("at least one tag is required");
        }
        expectedInputs = Map.copyOf(expectedInputs);
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0");
        }
    }

    /** {@code serving_default}, tag {@code serve}, no expected inputs, warm-up on, default threads. */
    public static ModelLoadOptions defaults() {
        return new ModelLoadOptions(ModelSignature.DEFAULT_KEY, List.of("serve"), Map.of(), true, 0, 0);
    }

    public ModelLoadOptions withSignatureKey(String key) {
        return new ModelLoadOptions(key, tags, expectedInputs, warmUp, intraOpThreads, interOpThreads);
    }

    public ModelLoadOptions withExpectedInputs(Map<String, DType> inputs) {
        return new ModelLoadOptions(signatureKey, tags, inputs, warmUp, intraOpThreads, interOpThreads);
    }

    public ModelLoadOptions withWarmUp(boolean on) {
        return new ModelLoadOptions(signatureKey, tags, expectedInputs, on, intraOpThreads, interOpThreads);
    }

    public ModelLoadOptions withThreads(int intraOp, int interOp) {
        return new ModelLoadOptions(signatureKey, tags, expectedInputs, warmUp, intraOp, interOp);
    }
}
