package io.inferstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/** Signature introspection edge cases, on hand-built SignatureDef protos (no native code). */
class SignatureReaderTest {

    private static final Path PATH = Path.of("m", "1");

    private static TensorInfo dense(String tensor, DataType type, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return TensorInfo.newBuilder().setName(tensor).setDtype(type).setTensorShape(shape).build();
    }

    private static MetaGraphDef graphWith(SignatureDef def) {
        return MetaGraphDef.newBuilder().putSignatureDef("serving_default", def).build();
    }

    @Test
    void shouldReadAllSupportedDtypesAndShapes() throws ModelLoadException {
        SignatureDef def = SignatureDef.newBuilder()
                .setMethodName("tensorflow/serving/predict")
                .putInputs("a", dense("a:0", DataType.DT_FLOAT, -1, 3))
                .putInputs("b", dense("b:0", DataType.DT_DOUBLE))
                .putInputs("c", dense("c:0", DataType.DT_INT32, 1, 2))
                .putInputs("d", dense("d:0", DataType.DT_INT64, 5))
                .putInputs("e", dense("e:0", DataType.DT_STRING, -1, -1))
                .putInputs("f", TensorInfo.newBuilder().setName("f:0").setDtype(DataType.DT_BOOL)
                        .setTensorShape(TensorShapeProto.newBuilder().setUnknownRank(true)).build())
                .putOutputs("y", dense("out:1", DataType.DT_FLOAT, -1))
                .build();

        ModelSignature sig = SignatureReader.read(graphWith(def), "serving_default", PATH);

        assertThat(sig.input("a")).isEqualTo(new TensorSpec("a", "a:0", DType.FLOAT, new long[] {-1, 3}, BatchDimension.VARIABLE));
        assertThat(sig.input("b").batch()).isEqualTo(BatchDimension.NONE);
        assertThat(sig.input("b").rowShape()).isEmpty();
        assertThat(sig.input("c").batch()).isEqualTo(BatchDimension.FIXED_ONE);
        assertThat(sig.input("c").rowShape()).containsExactly(2);
        assertThat(sig.input("d").batch()).isEqualTo(BatchDimension.NONE);
        assertThat(sig.input("d").rowShape()).containsExactly(5);
        assertThat(sig.input("e").dtype()).isEqualTo(DType.STRING);
        assertThat(sig.input("f").shape()).isNull();
        assertThat(sig.input("f").acceptsRowShape(new long[] {7, 7})).isTrue();
        assertThat(sig.output("y").tensorName()).isEqualTo("out:1");
        assertThat(sig.scoresRowByRow()).isTrue();
    }

    @Test
    void shouldRejectUnsupportedDtype() {
        SignatureDef def = SignatureDef.newBuilder()
                .putInputs("x", dense("x:0", DataType.DT_HALF, -1))
                .putOutputs("y", dense("y:0", DataType.DT_FLOAT, -1))
                .build();

        assertThatThrownBy(() -> SignatureReader.read(graphWith(def), "serving_default", PATH))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.UNSUPPORTED_SIGNATURE);
                    assertThat(e).hasMessageContaining("DT_HALF");
                });
    }

    @Test
    void shouldRejectSparseTensorsAndSignaturesWithoutOutputs() {
        TensorInfo sparse = TensorInfo.newBuilder().setDtype(DataType.DT_FLOAT)
                .setCooSparse(TensorInfo.CooSparse.newBuilder().setValuesTensorName("v:0")).build();
        SignatureDef withSparse = SignatureDef.newBuilder().putInputs("x", sparse).putOutputs("y", dense("y:0", DataType.DT_FLOAT)).build();
        SignatureDef noOutputs = SignatureDef.newBuilder().putInputs("x", dense("x:0", DataType.DT_FLOAT)).build();

        assertThatThrownBy(() -> SignatureReader.read(graphWith(withSparse), "serving_default", PATH))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.UNSUPPORTED_SIGNATURE));
        assertThatThrownBy(() -> SignatureReader.read(graphWith(noOutputs), "serving_default", PATH))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.UNSUPPORTED_SIGNATURE));
    }

    @Test
    void shouldBuildWarmUpBatchMatchingTheSignature() throws ModelLoadException {
        SignatureDef def = SignatureDef.newBuilder()
                .putInputs("a", dense("a:0", DataType.DT_FLOAT, -1, -1, 3))
                .putInputs("s", dense("s:0", DataType.DT_STRING, -1))
                .putOutputs("y", dense("y:0", DataType.DT_FLOAT, -1))
                .build();
        ModelSignature sig = SignatureReader.read(graphWith(def), "serving_default", PATH);

        BatchInput warmUp = ModelLoader.warmUpBatch(sig);

        SignatureValidator.validate(sig, warmUp);
        assertThat(warmUp.rows()).isEqualTo(1);
        assertThat(warmUp.columns().get("a").rowShape()).containsExactly(1, 3);
        assertThat(warmUp.columns().get("s").strings()).containsExactly("");
    }
}
