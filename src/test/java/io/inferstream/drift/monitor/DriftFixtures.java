package io.inferstream.drift.monitor;

import io.inferstream.avro.CategoricalCounts;
import io.inferstream.avro.DType;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.NumericSketch;
import io.inferstream.avro.ServingRole;
import io.inferstream.avro.Tensor;
import io.inferstream.drift.profile.CategoricalDistribution;
import io.inferstream.drift.profile.NumericDistribution;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Results of a small synthetic model ({@code m}, features {@code x[0..1]}, category, output {@code p}) and its reference. */
final class DriftFixtures {

    static final String MODEL = "m";
    static final long VERSION = 1;
    static final String[] CATEGORIES = {"a", "b", "c"};
    static final double[] MIX = {0.5, 0.3, 0.2};

    private final Random random;

    DriftFixtures(long seed) {
        this.random = new Random(seed);
    }

    /** A result drawn from the reference (shift 0) or with x[0]'s mean shifted by {@code shift} sd. */
    InferenceResult result(String id, long eventTime, double shift) {
        float x0 = (float) (random.nextGaussian() + shift);
        float x1 = (float) random.nextGaussian();
        String category = category();
        float p = (float) (1 / (1 + Math.exp(-(x0 - x1))));
        return result(id, eventTime, x0, x1, category, p);
    }

    static InferenceResult result(String id, long eventTime, float x0, float x1, String category, float p) {
        Map<String, Tensor> features = new LinkedHashMap<>();
        features.put("x", tensor(DType.FLOAT, List.of(2L)).setFloatValues(List.of(x0, x1)).build());
        features.put("category", tensor(DType.STRING, List.of()).setStringValues(List.of(category)).build());
        Map<String, Tensor> outputs = Map.of("p", tensor(DType.FLOAT, List.of()).setFloatValues(List.of(p)).build());
        return InferenceResult.newBuilder().setRequestId(id).setModel(MODEL).setModelVersion(VERSION).setOutputs(outputs)
            .setRole(ServingRole.PRIMARY).setUserId(null).setCategorical(Map.of("region", x1 > 0 ? "north" : "south"))
            .setEventTime(Instant.ofEpochMilli(eventTime)).setScoredAt(Instant.ofEpochMilli(eventTime)).setHeaders(Map.of())
            .setFeatures(features).build();
    }

    static Tensor.Builder tensor(DType dtype, List<Long> shape) {
        return Tensor.newBuilder().setDtype(dtype).setShape(shape).setFloatValues(List.of()).setDoubleValues(List.of())
            .setIntValues(List.of()).setLongValues(List.of()).setStringValues(List.of());
    }

    private String category() {
        double u = random.nextDouble();
        double acc = 0;
        for (int i = 0; i < MIX.length; i++) {
            acc += MIX[i];
            if (u < acc) {
                return CATEGORIES[i];
            }
        }
        return CATEGORIES[CATEGORIES.length - 1];
    }

    /** The reference profile of {@link #result} with shift 0, from {@code rows} draws. */
    DriftReferenceProfile reference(int rows) {
        NumericDistribution x0 = NumericDistribution.create();
        NumericDistribution x1 = NumericDistribution.create();
        NumericDistribution p = NumericDistribution.create();
        CategoricalDistribution category = CategoricalDistribution.create();
        for (int i = 0; i < rows; i++) {
            InferenceResult r = result("ref" + i, 0, 0);
            List<Float> x = r.getFeatures().get("x").getFloatValues();
            x0.update(x.get(0));
            x1.update(x.get(1));
            category.update(r.getFeatures().get("category").getStringValues().get(0));
            p.update(r.getOutputs().get("p").getFloatValues().get(0));
        }
        Map<String, String> inputs = new HashMap<>(Map.of("x0", "x[0]", "x1", "x[1]"));
        return DriftReferenceProfile.newBuilder().setModel(MODEL).setModelVersion(VERSION).setSource("test").setRows(rows)
            .setFeatureInputs(inputs).setNumericFeatures(Map.of("x0", sketch(x0), "x1", sketch(x1)))
            .setCategoricalFeatures(Map.of("category", CategoricalCounts.newBuilder().setCount(category.count())
                .setFrequencies(new HashMap<>(category.counts())).build()))
            .setOutputs(Map.of("p", sketch(p))).setCreatedAt(Instant.EPOCH).build();
    }

    private static NumericSketch sketch(NumericDistribution d) {
        return NumericSketch.newBuilder().setCount(d.count()).setMean(d.mean()).setStd(d.std())
            .setKllSketch(ByteBuffer.wrap(d.sketchBytes())).build();
    }
}
