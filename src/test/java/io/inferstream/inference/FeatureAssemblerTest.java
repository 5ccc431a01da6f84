package io.inferstream.inference;

import static io.inferstream.inference.Requests.floats;
import static io.inferstream.inference.Requests.longs;
import static io.inferstream.inference.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureAssemblerTest {

    private final FeatureAssembler assembler = new FeatureAssembler(100, false);

    @Test
    void shouldReadOneExampleGivenInTheSignaturesRowShape() throws Exception {
        RequestRows rows = assembler.assemble(request("r1", null, null, Map.of("x", floats(List.of(1L), 3f))), HalfPlusTwo.SIGNATURE);
        assertThat(rows.rows()).isEqualTo(1);
        assertThat(rows.batched()).isFalse();
        assertThat(rows.columns().get("x").floats()).containsExactly(3f);
    }

    @Test
    void shouldReadSeveralRowsGivenWithABatchDimension() throws Exception {
        RequestRows rows = assembler.assemble(request("r1", null, null, Map.of("x", floats(List.of(3L, 1L), 1f, 2f, 5f))), HalfPlusTwo.SIGNATURE);
        assertThat(rows.rows()).isEqualTo(3);
        assertThat(rows.batched()).isTrue();
        assertThat(rows.columns().get("x").floats()).containsExactly(1f, 2f, 5f);
    }

    @Test
    void shouldReadOneRowWhenTheShapeIsLeftOut() throws Exception {
        RequestRows rows = assembler.assemble(request("r1", null, null, Map.of("x", floats(List.of(), 7f))), HalfPlusTwo.SIGNATURE);
        assertThat(rows.rows()).isEqualTo(1);
    }

    @Test
    void shouldRejectMissingFeature() {
        assertRejected(Map.of(), RejectCode.MISSING_FEATURE, "'x'");
    }

    @Test
    void shouldRejectUnexpectedFeature() {
        assertRejected(Map.of("x", floats(List.of(1L), 1f), "z", floats(List.of(1L), 1f)), RejectCode.UNEXPECTED_FEATURE, "'z'");
    }

    @Test
    void shouldRejectWrongDtype() {
        assertRejected(Map.of("x", longs(List.of(1L), 1L)), RejectCode.BAD_DTYPE, "FLOAT");
    }

    @Test
    void shouldRejectWrongShape() {
        assertRejected(Map.of("x", floats(List.of(2L), 1f, 2f)), RejectCode.BAD_SHAPE, "[2]");
    }

    @Test
    void shouldRejectValuesThatDoNotFillTheShape() {
        assertRejected(Map.of("x", floats(List.of(3L, 1L), 1f, 2f)), RejectCode.BAD_SHAPE, "holds 2 values");
    }

    @Test
    void shouldRejectAnEmptyBatch() {
        assertRejected(Map.of("x", floats(List.of(0L, 1L))), RejectCode.BAD_SHAPE, "no rows");
    }

    @Test
    void shouldRejectNonFiniteValuesByDefault() {
        assertRejected(Map.of("x", floats(List.of(1L), Float.NaN)), RejectCode.NON_FINITE, "NaN");
    }

    @Test
    void shouldPassNonFiniteValuesWhenAllowed() throws Exception {
        RequestRows rows = new FeatureAssembler(100, true)
            .assemble(request("r1", null, null, Map.of("x", floats(List.of(1L), Float.POSITIVE_INFINITY))), HalfPlusTwo.SIGNATURE);
        assertThat(rows.columns().get("x").floats()).containsExactly(Float.POSITIVE_INFINITY);
    }

    @Test
    void shouldRejectOversizeRequest() {
        Float[] many = new Float[101];
        java.util.Arrays.fill(many, 1f);
        assertRejected(Map.of("x", floats(List.of(101L, 1L), many)), RejectCode.OVERSIZE, "at most 100");
    }

    private void assertRejected(Map<String, io.inferstream.avro.Tensor> features, RejectCode code, String messagePart) {
        assertThatThrownBy(() -> assembler.assemble(request("r1", null, null, features), HalfPlusTwo.SIGNATURE))
            .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.code()).isEqualTo(code))
            .hasMessageContaining(messagePart);
    }
}
