package io.inferstream.inference;

import io.inferstream.model.BatchDimension;
import io.inferstream.model.BatchInput;
import io.inferstream.model.BatchOutput;
import io.inferstream.model.Column;
import io.inferstream.model.DType;
import io.inferstream.model.ModelSignature;
import io.inferstream.model.Scorer;
import io.inferstream.model.ScoringErrorCode;
import io.inferstream.model.ScoringException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pure-Java {@link Scorer} computing y = a*x + b with the signature of TensorFlow Serving's
 * half_plus_two test model (x float32 [-1,1] -> y float32 [-1,1]), so topology tests run without
 * native TensorFlow. The real SavedModel is exercised by the integration tests. Counts its calls,
 * so tests can see how requests were batched, and can be told to fail on a marker value.
 */
final class HalfPlusTwo implements Scorer {

    static final ModelSignature SIGNATURE = new ModelSignature(ModelSignature.DEFAULT_KEY, "tensorflow/serving/predict",
        Map.of("x", new io.inferstream.model.TensorSpec("x", "x:0", DType.FLOAT, new long[] {-1, 1}, BatchDimension.VARIABLE)),
        Map.of("y", new io.inferstream.model.TensorSpec("y", "y:0", DType.FLOAT, new long[] {-1, 1}, BatchDimension.VARIABLE)));

    /** A value this scorer refuses, as a model would refuse an invalid input at run time. */
    static final float POISON = -999f;

    private final String name;
    private final long version;
    private final float a;
    private final float b;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger rowsScored = new AtomicInteger();
    private volatile boolean closed;

    HalfPlusTwo(String name, long version, float a, float b) {
        this.name = name;
        this.version = version;
        this.a = a;
        this.b = b;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public ModelSignature signature() {
        return SIGNATURE;
    }

    @Override
    public BatchOutput score(BatchInput input) {
        if (closed) {
            throw new ScoringException(ScoringErrorCode.MODEL_CLOSED, null, name + "/" + version + " is closed");
        }
        calls.incrementAndGet();
        float[] x = input.columns().get("x").floats();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            if (x[i] == POISON) {
                throw new ScoringException(ScoringErrorCode.MODEL_FAILURE, "x", "invalid argument: x = " + POISON);
            }
            y[i] = a * x[i] + b;
        }
        rowsScored.addAndGet(input.rows());
        return new BatchOutput(input.rows(), Map.of("y", Column.floats(y, 1)));
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
