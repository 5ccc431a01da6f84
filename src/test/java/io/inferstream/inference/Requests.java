package io.inferstream.inference;

import io.inferstream.avro.DType;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.Tensor;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds requests for tests. */
final class Requests {

    private Requests() {
    }

    static Tensor floats(List<Long> shape, Float... values) {
        return Tensor.newBuilder().setDtype(DType.FLOAT).setShape(shape).setFloatValues(List.of(values))
            .setDoubleValues(List.of()).setIntValues(List.of()).setLongValues(List.of()).setStringValues(List.of()).build();
    }

    static Tensor longs(List<Long> shape, Long... values) {
        return Tensor.newBuilder().setDtype(DType.INT64).setShape(shape).setLongValues(List.of(values))
            .setFloatValues(List.of()).setDoubleValues(List.of()).setIntValues(List.of()).setStringValues(List.of()).build();
    }

    static InferenceRequest request(String id, String model, Long version, Map<String, Tensor> features) {
        return InferenceRequest.newBuilder().setRequestId(id).setModel(model).setModelVersion(version).setFeatures(features)
            .setCategorical(Map.of()).setUserId(null).setEventTime(Instant.ofEpochMilli(0)).setHeaders(Map.of()).build();
    }

    /** A half_plus_two request for one example x. */
    static InferenceRequest x(String id, float x) {
        return request(id, "half_plus_two", null, Map.of("x", floats(List.of(1L), x)));
    }
}
