package io.inferstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.types.TFloat32;

/**
 * Scores TensorFlow Serving's half_plus_two test models, exported by Python TF 1.14 (variable
 * batch) and TF 2.14 (batch fixed at 1): models this project did not build itself.
 */
class HalfPlusTwoTest {

    private static LoadedModel tf1;
    private static LoadedModel tf2;

    @BeforeAll
    static void load() throws ModelLoadException {
        ModelLoader loader = new ModelLoader();
        tf1 = loader.load("half_plus_two_tf1", 123, SharedModels.halfPlusTwoTf1());
        tf2 = loader.load("half_plus_two_tf2", 123, SharedModels.halfPlusTwoTf2());
    }

    @AfterAll
    static void close() {
        if (tf1 != null) {
            tf1.close();
        }
        if (tf2 != null) {
            tf2.close();
        }
    }

    private static BatchInput xs(long[] rowShape, float... x) {
        return BatchInput.builder(x.length).column("x", Column.floats(x, rowShape)).build();
    }

    @Test
    void shouldScoreTf1ModelInOneBatch() {
        BatchOutput output = tf1.score(xs(new long[] {1}, 1, 2, 5));

        assertThat(output.rows()).isEqualTo(3);
        assertThat(output.columns()).containsOnlyKeys("y");
        assertThat(output.column("y").dtype()).isEqualTo(DType.FLOAT);
        assertThat(output.column("y").rowShape()).containsExactly(1);
        assertThat(output.column("y").floats()).containsExactly(2.5f, 3.0f, 4.5f);
    }

    @Test
    void shouldScoreTf2ModelWithBatchFixedAtOneRowByRow() {
        BatchOutput output = tf2.score(xs(new long[0], 1, 2, 5));

        assertThat(output.rows()).isEqualTo(3);
        assertThat(output.column("y").rowShape()).isEmpty();
        assertThat(output.column("y").floats()).containsExactly(2.5f, 3.0f, 4.5f);
        assertThat(tf2.score(xs(new long[0], 3)).column("y").floats()).containsExactly(3.5f);
    }

    @Test
    void shouldIntrospectTf1Signature() {
        ModelSignature sig = tf1.signature();

        assertThat(sig.key()).isEqualTo("serving_default");
        assertThat(sig.methodName()).isEqualTo("tensorflow/serving/predict");
        assertThat(sig.inputs()).containsOnlyKeys("x");
        assertThat(sig.outputs()).containsOnlyKeys("y");
        assertThat(sig.input("x")).isEqualTo(new TensorSpec("x", "x:0", DType.FLOAT, new long[] {-1, 1}, BatchDimension.VARIABLE));
        assertThat(sig.output("y")).isEqualTo(new TensorSpec("y", "y:0", DType.FLOAT, new long[] {-1, 1}, BatchDimension.VARIABLE));
        assertThat(sig.scoresRowByRow()).isFalse();
        assertThat(tf1.name()).isEqualTo("half_plus_two_tf1");
        assertThat(tf1.version()).isEqualTo(123);
    }

    @Test
    void shouldIntrospectTf2SignatureWithBatchFixedAtOne() {
        ModelSignature sig = tf2.signature();

        assertThat(sig.key()).isEqualTo("serving_default");
        TensorSpec x = sig.input("x");
        assertThat(x.dtype()).isEqualTo(DType.FLOAT);
        assertThat(x.shape()).containsExactly(1);
        assertThat(x.batch()).isEqualTo(BatchDimension.FIXED_ONE);
        assertThat(x.rowShape()).isEmpty();
        assertThat(sig.output("y").shape()).containsExactly(1);
        assertThat(sig.scoresRowByRow()).isTrue();
    }

    @Test
    void shouldServeAnotherSignatureWhenConfigured() throws ModelLoadException {
        ModelLoader loader = new ModelLoader(ModelLoadOptions.defaults().withSignatureKey("regress_x2_to_y3"));
        try (LoadedModel model = loader.load("half_plus_two_tf1", 123, SharedModels.halfPlusTwoTf1())) {
            assertThat(model.signature().key()).isEqualTo("regress_x2_to_y3");
            assertThat(model.signature().methodName()).isEqualTo("tensorflow/serving/regress");
            assertThat(model.signature().input("inputs").tensorName()).isEqualTo("x2:0");
            assertThat(model.signature().output("outputs").tensorName()).isEqualTo("y3:0");

            BatchOutput out = model.score(BatchInput.builder(2).column("inputs", Column.floats(new float[] {1, 2}, 1)).build());

            // half_plus_two's third signature computes y3 = 0.5 * x2 + 3.
            assertThat(out.column("outputs").floats()).containsExactly(3.5f, 4.0f);
        }
    }

    @Test
    void shouldFeedSerializedTfExamplesAsByteStrings() throws ModelLoadException {
        // An empty string is not a tf.Example with feature x, so the zero warm-up cannot run here.
        ModelLoader loader = new ModelLoader(ModelLoadOptions.defaults().withSignatureKey("regress_x_to_y").withWarmUp(false));
        try (LoadedModel model = loader.load("half_plus_two_tf1", 123, SharedModels.halfPlusTwoTf1())) {
            TensorSpec inputs = model.signature().input("inputs");
            assertThat(inputs.dtype()).isEqualTo(DType.STRING);
            byte[][] examples = new byte[3][];
            float[] xs = {1, 2, 5};
            for (int i = 0; i < xs.length; i++) {
                examples[i] = Example.newBuilder()
                        .setFeatures(Features.newBuilder().putFeature("x",
                                Feature.newBuilder().setFloatList(FloatList.newBuilder().addValue(xs[i])).build()))
                        .build().toByteArray();
            }

            BatchOutput out = model.score(BatchInput.builder(3).column("inputs", Column.byteStrings(examples)).build());

            assertThat(out.column("outputs").floats()).containsExactly(2.5f, 3.0f, 4.5f);
            BatchInput empty = BatchInput.builder(1).column("inputs", Column.strings(new String[] {""})).build();
            assertThatThrownBy(() -> model.score(empty))
                    .isInstanceOfSatisfying(ScoringException.class, e -> {
                        assertThat(e.code()).isEqualTo(ScoringErrorCode.MODEL_FAILURE);
                        assertThat(e).hasMessageContaining("Feature: x");
                    });
        }
    }

    @Test
    void shouldFailLoadWhenWarmUpBatchIsRejected() {
        ModelLoader loader = new ModelLoader(ModelLoadOptions.defaults().withSignatureKey("regress_x_to_y"));

        assertThatThrownBy(() -> loader.load("half_plus_two_tf1", 123, SharedModels.halfPlusTwoTf1()))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.WARMUP_FAILED));
    }

    @Test
    void shouldRejectMissingInput() {
        assertThatThrownBy(() -> tf1.score(BatchInput.builder(1).build()))
                .isInstanceOfSatisfying(ScoringException.class, e -> assertThat(e.code()).isEqualTo(ScoringErrorCode.MISSING_FEATURE));
    }

    @Test
    void shouldRejectUnexpectedInput() {
        BatchInput input = BatchInput.builder(1)
                .column("x", Column.floats(new float[] {1}, 1))
                .column("z", Column.floats(new float[] {1}, 1))
                .build();

        assertThatThrownBy(() -> tf1.score(input))
                .isInstanceOfSatisfying(ScoringException.class, e -> assertThat(e.code()).isEqualTo(ScoringErrorCode.UNEXPECTED_FEATURE));
    }

    @Test
    void shouldRejectWrongDtype() {
        BatchInput input = BatchInput.builder(2).column("x", Column.doubles(new double[] {1, 2}, 1)).build();

        assertThatThrownBy(() -> tf1.score(input))
                .isInstanceOfSatisfying(ScoringException.class, e -> {
                    assertThat(e.code()).isEqualTo(ScoringErrorCode.BAD_DTYPE);
                    assertThat(e.inputName()).isEqualTo("x");
                });
    }

    @Test
    void shouldRejectWrongShape() {
        assertThatThrownBy(() -> tf1.score(xs(new long[] {2}, 1, 2)))
                .isInstanceOfSatisfying(ScoringException.class, e -> assertThat(e.code()).isEqualTo(ScoringErrorCode.BAD_SHAPE));
        assertThatThrownBy(() -> tf2.score(xs(new long[] {1}, 1)))
                .isInstanceOfSatisfying(ScoringException.class, e -> assertThat(e.code()).isEqualTo(ScoringErrorCode.BAD_SHAPE));
    }

    @Test
    void shouldReturnEmptyOutputForEmptyBatch() {
        BatchOutput output = tf1.score(xs(new long[] {1}));

        assertThat(output.rows()).isZero();
        assertThat(output.column("y").length()).isZero();
        assertThat(output.column("y").rowShape()).containsExactly(1);
    }

    @Test
    void shouldMatchDirectSessionBitForBitInBatchAndRowByRow() {
        int rows = 1000;
        float[] x = new float[rows];
        Random random = new Random(7);
        for (int i = 0; i < rows; i++) {
            x[i] = (float) (random.nextGaussian() * 1000);
        }

        float[] batch = tf1.score(xs(new long[] {1}, x)).column("y").floats();

        float[] direct = new float[rows];
        try (SavedModelBundle bundle = SavedModelBundle.load(SharedModels.halfPlusTwoTf1().toString(), "serve");
                TFloat32 input = TFloat32.tensorOf(Shape.of(rows, 1), DataBuffers.of(x, true, false));
                Result result = bundle.session().runner().feed("x:0", input).fetch("y:0").run()) {
            ((TFloat32) result.get(0)).copyTo(DataBuffers.of(direct, false, false));
        }
        float[] single = new float[rows];
        for (int i = 0; i < rows; i++) {
            single[i] = tf1.score(xs(new long[] {1}, x[i])).column("y").floats()[0];
        }

        for (int i = 0; i < rows; i++) {
            assertThat(Float.floatToIntBits(batch[i])).as("row %d batch vs direct", i).isEqualTo(Float.floatToIntBits(direct[i]));
            assertThat(Float.floatToIntBits(single[i])).as("row %d single vs batch", i).isEqualTo(Float.floatToIntBits(batch[i]));
            assertThat(batch[i]).isEqualTo(0.5f * x[i] + 2f);
        }
    }
}
