package io.inferstream.inference;

import io.inferstream.avro.DType;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.Tensor;
import io.inferstream.model.DemoModels;
import io.inferstream.model.SyntheticCtr;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Requests for the demo CTR model from {@link SyntheticCtr} samples: shared by the demo's traffic generator and
 * the inference benchmark, so both send exactly what the demo model expects.
 */
public final class DemoRequests {

    private DemoRequests() {
    }

    /**
     * One single-row request for row {@code row} of {@code sample}.
     *
     * @param malformed leave out the {@code category} input, so the request is dead-lettered (MISSING_FEATURE)
     */
    public static InferenceRequest ctr(String id, String user, SyntheticCtr.Sample sample, int row, boolean malformed) {
        float[] f = sample.features();
        Tensor features = tensor(DType.FLOAT, List.of(4L)).setFloatValues(List.of(f[row * 4], f[row * 4 + 1], f[row * 4 + 2], f[row * 4 + 3]))
            .build();
        Tensor category = tensor(DType.INT64, List.of()).setLongValues(List.of(sample.categories()[row])).build();
        Map<String, Tensor> inputs = malformed
            ? Map.of(DemoModels.INPUT_FEATURES, features)
            : Map.of(DemoModels.INPUT_FEATURES, features, DemoModels.INPUT_CATEGORY, category);
        return InferenceRequest.newBuilder().setRequestId(id).setModel(DemoModels.MODEL_NAME).setModelVersion(null)
            .setFeatures(inputs).setCategorical(Map.of("segment", "c" + sample.categories()[row])).setUserId(user)
            .setEventTime(Instant.now()).setHeaders(Map.of()).build();
    }

    private static Tensor.Builder tensor(DType dtype, List<Long> shape) {
        return Tensor.newBuilder().setDtype(dtype).setShape(shape).setFloatValues(List.of()).setDoubleValues(List.of())
            .setIntValues(List.of()).setLongValues(List.of()).setStringValues(List.of());
    }
}
