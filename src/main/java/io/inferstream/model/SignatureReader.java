package io.inferstream.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/** Turns a SavedModel SignatureDef into our {@link ModelSignature}; TensorFlow types stay here. */
final class SignatureReader {

    private SignatureReader() {}

    static ModelSignature read(MetaGraphDef metaGraph, String key, Path path) throws ModelLoadException {
        SignatureDef def = metaGraph.getSignatureDefMap().get(key);
        if (def == null) {
            throw new ModelLoadException(ModelLoadException.Reason.SIGNATURE_NOT_FOUND, path,
                    "no signature '" + key + "'; available: " + metaGraph.getSignatureDefMap().keySet());
        }
        Map<String, TensorSpec> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, TensorInfo> e : def.getInputsMap().entrySet()) {
            inputs.put(e.getKey(), spec(key, e.getKey(), e.getValue(), path));
        }
        Map<String, TensorSpec> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, TensorInfo> e : def.getOutputsMap().entrySet()) {
            outputs.put(e.getKey(), spec(key, e.getKey(), e.getValue(), path));
        }
        if (outputs.isEmpty()) {
            throw new ModelLoadException(ModelLoadException.Reason.UNSUPPORTED_SIGNATURE, path,
                    "signature '" + key + "' has no outputs");
        }
        return new ModelSignature(key, def.getMethodName(), inputs, outputs);
    }

    private static TensorSpec spec(String key, String name, TensorInfo info, Path path) throws ModelLoadException {
        if (info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
            throw new ModelLoadException(ModelLoadException.Reason.UNSUPPORTED_SIGNATURE, path,
                    "signature '" + key + "' tensor '" + name + "' is " + info.getEncodingCase() + "; only dense tensors are supported");
        }
        DType dtype = dtype(info.getDtype());
        if (dtype == null) {
            throw new ModelLoadException(ModelLoadException.Reason.UNSUPPORTED_SIGNATURE, path,
                    "signature '" + key + "' tensor '" + name + "' has unsupported dtype " + info.getDtype());
        }
        return TensorSpec.of(name, info.getName(), dtype, shape(info));
    }

    private static long[] shape(TensorInfo info) {
        if (!info.hasTensorShape() || info.getTensorShape().getUnknownRank()) {
            return null;
        }
        TensorShapeProto proto = info.getTensorShape();
        long[] shape = new long[proto.getDimCount()];
        for (int i = 0; i < shape.length; i++) {
            long size = proto.getDim(i).getSize();
            shape[i] = size < 0 ? -1 : size;
        }
        return shape;
    }

    static DType dtype(DataType type) {
        return switch (type) {
            case DT_FLOAT -> DType.FLOAT;
            case DT_DOUBLE -> DType.DOUBLE;
            case DT_INT32 -> DType.INT32;
            case DT_INT64 -> DType.INT64;
            case DT_STRING -> DType.STRING;
            case DT_BOOL -> DType.BOOL;
            default -> null;
        };
    }
}
