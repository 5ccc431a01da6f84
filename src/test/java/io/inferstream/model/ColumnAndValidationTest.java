package io.inferstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure-Java rules of the scoring API: columns, batches and signature validation (no TensorFlow). */
class ColumnAndValidationTest {

    private static final ModelSignature SIGNATURE = new ModelSignature("serving_default", "tensorflow/serving/predict",
            Map.of(
                    "features", TensorSpec.of("features", "features:0", DType.FLOAT, new long[] {-1, 4}),
                    "category", TensorSpec.of("category", "category:0", DType.INT64, new long[] {-1}),
                    "tokens", TensorSpec.of("tokens", "tokens:0", DType.STRING, new long[] {-1, -1})),
            Map.of("probability", TensorSpec.of("probability", "probability:0", DType.FLOAT, new long[] {-1, 1})));

    private static BatchInput.Builder valid(int rows) {
        return BatchInput.builder(rows)
                .column("features", Column.floats(new float[rows * 4], 4))
                .column("category", Column.longs(new long[rows]))
                .column("tokens", Column.zeros(DType.STRING, rows, 3));
    }

    private static ScoringException validationError(BatchInput input) {
        try {
            SignatureValidator.validate(SIGNATURE, input);
        } catch (ScoringException e) {
            return e;
        }
        throw new AssertionError("expected a ScoringException");
    }

    @Test
    void shouldAcceptBatchMatchingSignatureIncludingUnknownInnerSize() {
        SignatureValidator.validate(SIGNATURE, valid(3).build());
        SignatureValidator.validate(SIGNATURE, valid(0).build());
    }

    @Test
    void shouldReportMissingFeature() {
        BatchInput input = BatchInput.builder(1)
                .column("features", Column.floats(new float[4], 4))
                .column("tokens", Column.zeros(DType.STRING, 1, 2))
                .build();

        ScoringException e = validationError(input);

        assertThat(e.code()).isEqualTo(ScoringErrorCode.MISSING_FEATURE);
        assertThat(e.inputName()).isEqualTo("category");
        assertThat(e).hasMessageContaining("category");
    }

    @Test
    void shouldReportUnexpectedFeature() {
        ScoringException e = validationError(valid(1).column("age", Column.floats(new float[1])).build());

        assertThat(e.code()).isEqualTo(ScoringErrorCode.UNEXPECTED_FEATURE);
        assertThat(e.inputName()).isEqualTo("age");
    }

    @Test
    void shouldReportWrongDtype() {
        BatchInput input = BatchInput.builder(2)
                .column("features", Column.floats(new float[8], 4))
                .column("category", Column.ints(new int[2]))
                .column("tokens", Column.zeros(DType.STRING, 2, 1))
                .build();

        ScoringException e = validationError(input);

        assertThat(e.code()).isEqualTo(ScoringErrorCode.BAD_DTYPE);
        assertThat(e.inputName()).isEqualTo("category");
        assertThat(e).hasMessageContaining("INT64").hasMessageContaining("INT32");
    }

    @Test
    void shouldReportWrongRowShape() {
        BatchInput input = BatchInput.builder(2)
                .column("features", Column.floats(new float[6], 3))
                .column("category", Column.longs(new long[2]))
                .column("tokens", Column.zeros(DType.STRING, 2, 1))
                .build();

        ScoringException e = validationError(input);

        assertThat(e.code()).isEqualTo(ScoringErrorCode.BAD_SHAPE);
        assertThat(e.inputName()).isEqualTo("features");
    }

    @Test
    void shouldReportWrongRank() {
        BatchInput input = BatchInput.builder(2)
                .column("features", Column.floats(new float[8], 4))
                .column("category", Column.longs(new long[2], 1))
                .column("tokens", Column.zeros(DType.STRING, 2, 1))
                .build();

        assertThat(validationError(input).code()).isEqualTo(ScoringErrorCode.BAD_SHAPE);
    }

    @Test
    void shouldReportColumnLengthNotMatchingRowCount() {
        BatchInput input = BatchInput.builder(3)
                .column("features", Column.floats(new float[8], 4))
                .column("category", Column.longs(new long[3]))
                .column("tokens", Column.zeros(DType.STRING, 3, 1))
                .build();

        ScoringException e = validationError(input);

        assertThat(e.code()).isEqualTo(ScoringErrorCode.BAD_SHAPE);
        assertThat(e).hasMessageContaining("8 values for 3 rows");
    }

    @Test
    void shouldRejectColumnWithPartialRowAndNullStrings() {
        assertThatThrownBy(() -> Column.floats(new float[5], 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Column.floats(new float[4], -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Column.strings(new String[] {"a", null})).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("element 1");
    }

    @Test
    void shouldSliceAndConcatenateRows() {
        Column c = Column.floats(new float[] {1, 2, 3, 4, 5, 6}, 2);

        assertThat(c.rows()).isEqualTo(3);
        assertThat(c.slice(1, 3).floats()).containsExactly(3, 4, 5, 6);
        assertThat(c.slice(0, 0).length()).isZero();
        assertThat(Column.concat(List.of(c.slice(0, 1), c.slice(1, 3)))).isEqualTo(c);
        assertThatThrownBy(() -> c.slice(2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Column.concat(List.of(c, Column.floats(new float[3], 3))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(c::longs).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldKeepTextAndByteStringColumnsApart() {
        Column text = Column.strings(new String[] {"a", "é"});
        Column bytes = Column.byteStrings(new byte[][] {{1}, {2, 3}});

        assertThat(text.byteStrings()[1]).containsExactly(0xC3, 0xA9);
        assertThat(bytes.holdsBytes()).isTrue();
        assertThat(bytes.slice(1, 2).byteStrings()[0]).containsExactly(2, 3);
        assertThat(Column.concat(List.of(bytes.slice(0, 1), bytes.slice(1, 2)))).isEqualTo(bytes);
        assertThatThrownBy(bytes::strings).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Column.concat(List.of(text, bytes))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Column.byteStrings(new byte[][] {null})).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldSliceBatchOutputPerRequest() {
        BatchOutput out = new BatchOutput(3, Map.of("p", Column.floats(new float[] {0.1f, 0.2f, 0.3f}, 1)));

        BatchOutput second = out.slice(1, 2);

        assertThat(second.rows()).isEqualTo(1);
        assertThat(second.column("p").floats()).containsExactly(0.2f);
        assertThatThrownBy(() -> out.column("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p");
    }

    @Test
    void shouldClassifyBatchDimension() {
        assertThat(TensorSpec.batchOf(new long[] {-1, 4})).isEqualTo(BatchDimension.VARIABLE);
        assertThat(TensorSpec.batchOf(new long[] {1})).isEqualTo(BatchDimension.FIXED_ONE);
        assertThat(TensorSpec.batchOf(new long[] {})).isEqualTo(BatchDimension.NONE);
        assertThat(TensorSpec.batchOf(new long[] {3, 2})).isEqualTo(BatchDimension.NONE);
        assertThat(TensorSpec.batchOf(null)).isEqualTo(BatchDimension.VARIABLE);
        assertThat(TensorSpec.of("x", "x:0", DType.FLOAT, new long[] {3, 2}).rowShape()).containsExactly(3, 2);
        assertThat(TensorSpec.of("x", "x:0", DType.FLOAT, new long[] {1, 5}).rowShape()).containsExactly(5);
        assertThat(SIGNATURE.scoresRowByRow()).isFalse();
    }
}
